//! `stx-migrate service ...` and `stx-migrate bulk ...`: the contact service's files and SAM's
//! `[old]`/`[new]` bulk update (see `crate::service`).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{
    open_state, record_completed, record_failed, report_summary, run_begun, state_location, Cli,
    Failure, EXIT_CONFIG, EXIT_REJECTS,
};
use crate::migration::Migration;
use crate::pipeline::{self, load_profile, RunError, RunOptions, RunSummary};
use crate::runs::{RunStart, StateStore};
use crate::service::bulk::{self, BulkCheck, BulkFile, ExportValues, FieldKind, Layout};
use crate::service::select::CONTACT_NR as CONTACT_NR_COLUMN;
use crate::service::{
    Operation, SelectionRecord, SelectionSource, SelectionSpec, ServiceError, ServiceInput,
    ServiceRequest, ValueSpec, Values,
};

/// `service` subcommands: one per request of the contact service.
#[derive(Debug, Subcommand)]
pub enum ServiceCommand {
    /// UPDATE rows with only the columns given (an empty cell leaves the stored value, `=`
    /// erases it).
    #[command(
        after_help = "Examples:\n  stx-migrate service update m.toml --export export.csv --columns EMAIL1,TELEPHONE\n  stx-migrate service update m.toml --export export.csv --where \"COUNTRY = 'CH'\" --set \"PREF_LANG='fr'\"\n  stx-migrate service update m.toml --contacts numbers.txt --set \"EMAIL2='='\"      erase EMAIL2"
    )]
    Update(UpdateArgs),
    /// INVALIDATE rows: the contacts are inactivated (reason ACCOUNT_DELETED), nothing is
    /// removed. Legacy operation: --allow-legacy-operations; --confirm.
    #[command(
        after_help = "Example:\n  stx-migrate service invalidate m.toml --contacts gone.txt --allow-legacy-operations --confirm"
    )]
    Invalidate(DestructiveArgs),
    /// DELETE rows: address and communication means removed, e-mail emptied. Irreversible.
    /// Legacy operation: --allow-legacy-operations; --confirm.
    #[command(
        after_help = "Example:\n  stx-migrate service delete m.toml --export export.csv --where \"date(LAST_ACTIVITY, 'dd.mm.yyyy') < '2019-01-01'\" --allow-legacy-operations --confirm"
    )]
    Delete(DestructiveArgs),
    /// ANONYMIZE rows: personal data erased in SecuTix, sales kept. The file holds only the
    /// contact number; nothing personal of these contacts enters any output. Irreversible.
    /// Legacy operation: --allow-legacy-operations; --confirm.
    #[command(
        after_help = "Example:\n  stx-migrate service anonymize m.toml --contact 100234 --allow-legacy-operations --confirm"
    )]
    Anonymize(DestructiveArgs),
    /// DROP rows: undo a bad import: the contacts a run created that no later run or service
    /// file changed (from the run state). Legacy operation: --allow-legacy-operations;
    /// --confirm.
    #[command(
        after_help = "Example:\n  stx-migrate service drop m.toml --run j-7 --allow-legacy-operations --confirm"
    )]
    Drop(DropArgs),
    /// Qualify contacts: UPDATE rows setting criteria (CRITnn), after the CONFIG row that
    /// declares their codes; values checked against [institution.criteria].
    #[command(
        after_help = "Examples:\n  stx-migrate service qualify-contacts m.toml --export export.csv --where \"COUNTRY = 'CH'\" --criterion PREFCOL='Red|Green'\n  stx-migrate service qualify-contacts m.toml --export export.csv --criterion-from \"SEGMENT=lookup('segments', REMARK)\""
    )]
    QualifyContacts(QualifyContactsArgs),
    /// Qualify structures: UPDATE rows setting STRUCT_TYPE, checked against [institution]
    /// structure-types; an individual in the selection is a reject.
    #[command(
        after_help = "Example:\n  stx-migrate service qualify-structures m.toml --export export.csv --where \"OFFICIAL_NAME LIKE '%School%'\" --structure-type SCHOOL"
    )]
    QualifyStructures(QualifyStructuresArgs),
}

/// Which contacts, and where the file goes.
#[derive(Debug, Args)]
pub struct SelectionArgs {
    /// The migration file: its institution, code lists, [rules], [output] and run state.
    pub migration: PathBuf,
    /// A file of contact numbers: one per line, or a CSV whose header names CONTACT_NR.
    #[arg(long, value_name = "FILE")]
    pub contacts: Option<PathBuf>,
    /// A contact number (repeat the option for several).
    #[arg(long = "contact", value_name = "NR")]
    pub contact: Vec<String>,
    /// A SecuTix export of the contacts (CSV or workbook, columns named by code).
    #[arg(long, value_name = "FILE")]
    pub export: Option<PathBuf>,
    /// The contacts a run of this migration wrote (its id or tag).
    #[arg(long, value_name = "RUN")]
    pub run: Option<String>,
    /// Only the rows where this condition holds (the [map] expression language), e.g.
    /// "date(LAST_ACTIVITY, 'dd.mm.yyyy') < '2019-01-01'".
    #[arg(long = "where", value_name = "CONDITION")]
    pub filter: Option<String>,
    /// Write into this folder instead of <output.dir>/<run-id>/.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Name the run (as `run --tag`).
    #[arg(long)]
    pub tag: Option<String>,
}

/// The guards of an operation SecuTix cannot undo.
#[derive(Debug, Args)]
pub struct GuardArgs {
    /// Write the file: without it, the command says how many contacts it would touch and
    /// writes nothing.
    #[arg(long)]
    pub confirm: bool,
    /// Write an operation the current SecuTix format page no longer lists (INVALIDATE,
    /// DELETE, ANONYMIZE, DROP): confirm with SecuTix that the service still applies it.
    #[arg(long)]
    pub allow_legacy_operations: bool,
}

/// `service invalidate|delete|anonymize`.
#[derive(Debug, Args)]
pub struct DestructiveArgs {
    #[command(flatten)]
    selection: SelectionArgs,
    #[command(flatten)]
    guard: GuardArgs,
}

/// `service drop`.
#[derive(Debug, Args)]
pub struct DropArgs {
    /// The migration file.
    pub migration: PathBuf,
    /// The run whose import to undo (its id or tag).
    #[arg(long, value_name = "RUN")]
    pub run: String,
    /// Write into this folder instead of <output.dir>/<run-id>/.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Name the run.
    #[arg(long)]
    pub tag: Option<String>,
    #[command(flatten)]
    guard: GuardArgs,
}

/// `service update`.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    #[command(flatten)]
    selection: SelectionArgs,
    /// COLUMN=EXPRESSION: a SecuTix column and its value, an expression over the selection's
    /// columns ('=' erases: --set "EMAIL2='='"). Repeat for several columns.
    #[arg(long, value_name = "COLUMN=EXPRESSION")]
    pub set: Vec<String>,
    /// SecuTix columns taken as they are from the export (--columns EMAIL1,TELEPHONE).
    #[arg(long, value_delimiter = ',', value_name = "COLUMNS")]
    pub columns: Vec<String>,
}

/// `service qualify-contacts`.
#[derive(Debug, Args)]
pub struct QualifyContactsArgs {
    #[command(flatten)]
    selection: SelectionArgs,
    /// CODE=VALUES: a criterion and its values for every contact (PREFCOL='Red|Green').
    #[arg(long, value_name = "CODE=VALUES")]
    pub criterion: Vec<String>,
    /// CODE=EXPRESSION: a criterion and an expression over the selection's columns giving
    /// each contact's values.
    #[arg(long, value_name = "CODE=EXPRESSION")]
    pub criterion_from: Vec<String>,
}

/// `service qualify-structures`.
#[derive(Debug, Args)]
pub struct QualifyStructuresArgs {
    #[command(flatten)]
    selection: SelectionArgs,
    /// The structure type for every structure selected.
    #[arg(long, value_name = "CODE", conflicts_with = "structure_type_from")]
    pub structure_type: Option<String>,
    /// An expression over the selection's columns giving each structure's type.
    #[arg(long, value_name = "EXPRESSION")]
    pub structure_type_from: Option<String>,
}

/// `bulk` subcommands: SAM's bulk update of criteria and authorisations.
#[derive(Debug, Subcommand)]
pub enum BulkCommand {
    /// Write the [old]/[new] template for the contacts of an export and the fields chosen.
    #[command(
        after_help = "Example:\n  stx-migrate bulk template m.toml --export export.csv --criteria PREFCOL,VIP --authorisations CNIL_O -o bulk.csv"
    )]
    Template(BulkTemplateArgs),
    /// Check an edited template: keys, [new] values, [old] values unchanged (with --export),
    /// rows that change nothing; rejects.csv and the report, as `check`.
    #[command(
        after_help = "Example:\n  stx-migrate bulk check bulk.csv --migration m.toml --export export.csv"
    )]
    Check(BulkFileArgs),
    /// Turn an edited template into UPDATE rows carrying only the changed values: a service
    /// run with its contact files, rejects, report and protocol.
    #[command(
        after_help = "Example:\n  stx-migrate bulk apply bulk.csv --migration m.toml --export export.csv"
    )]
    Apply(BulkFileArgs),
}

/// `bulk template`.
#[derive(Debug, Args)]
pub struct BulkTemplateArgs {
    /// The migration file ([institution.criteria], [bulk]).
    pub migration: PathBuf,
    /// The SecuTix export the [old] values come from.
    #[arg(long, value_name = "FILE")]
    pub export: PathBuf,
    /// Only the rows where this condition holds.
    #[arg(long = "where", value_name = "CONDITION")]
    pub filter: Option<String>,
    /// Criterion codes (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub criteria: Vec<String>,
    /// Authorisation columns (comma-separated), or `all`.
    #[arg(long, value_delimiter = ',', value_name = "COLUMNS")]
    pub authorisations: Vec<String>,
    /// A template downloaded from SAM: its header gives the spelling (overrides [bulk]).
    #[arg(long, value_name = "FILE")]
    pub like: Option<PathBuf>,
    /// The template to write.
    #[arg(long, short, default_value = "bulk-template.csv")]
    pub out: PathBuf,
}

/// `bulk check` and `bulk apply`.
#[derive(Debug, Args)]
pub struct BulkFileArgs {
    /// The edited template.
    pub file: PathBuf,
    /// The migration file ([institution.criteria], [bulk], [output], run state).
    #[arg(long)]
    pub migration: PathBuf,
    /// The export the template was made from: [old] values must still be the export's.
    #[arg(long, value_name = "FILE")]
    pub export: Option<PathBuf>,
    /// Output folder (check: default <stem>-check/ beside FILE; apply: <output.dir>/<run-id>).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn failure(e: ServiceError) -> Failure {
    Failure::new(e.exit_code(), e.to_string())
}

impl SelectionArgs {
    fn spec(&self) -> Result<SelectionSpec, Failure> {
        let given = [
            self.contacts.is_some(),
            !self.contact.is_empty(),
            self.export.is_some(),
            self.run.is_some(),
        ];
        if given.iter().filter(|g| **g).count() != 1 {
            return Err(Failure::new(
                EXIT_CONFIG,
                "select the contacts with exactly one of --contacts FILE, --contact NR, --export FILE, --run RUN",
            ));
        }
        let source = if let Some(p) = &self.contacts {
            SelectionSource::Numbers(p.clone())
        } else if let Some(p) = &self.export {
            SelectionSource::Export(p.clone())
        } else if let Some(r) = &self.run {
            SelectionSource::Run(r.clone())
        } else {
            SelectionSource::Contacts(self.contact.clone())
        };
        Ok(SelectionSpec {
            source,
            filter: self.filter.clone(),
        })
    }
}

/// `NAME=VALUE` split at the first `=`.
fn pair(option: &str, given: &str) -> Result<(String, String), Failure> {
    given
        .split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| Failure::new(EXIT_CONFIG, format!("{option} {given}: write NAME=VALUE")))
}

/// The request and where its file goes.
struct Asked<'a> {
    request: ServiceRequest,
    migration: &'a Path,
    out: Option<PathBuf>,
    tag: Option<String>,
}

impl ServiceCommand {
    fn asked(&self) -> Result<Asked<'_>, Failure> {
        let base = |operation, s: &'_ SelectionArgs, guard: Option<&GuardArgs>| {
            Ok::<_, Failure>(ServiceRequest {
                operation,
                selection: s.spec()?,
                set: Vec::new(),
                criteria: Vec::new(),
                structure_type: None,
                confirm: guard.is_some_and(|g| g.confirm),
                allow_legacy: guard.is_some_and(|g| g.allow_legacy_operations),
            })
        };
        let (request, s) = match self {
            ServiceCommand::Update(a) => {
                let mut request = base(Operation::Update, &a.selection, None)?;
                for given in &a.set {
                    request.set.push(pair("--set", given)?);
                }
                for column in &a.columns {
                    let column = column.trim();
                    request.set.push((column.into(), format!("\"{column}\"")));
                }
                (request, &a.selection)
            }
            ServiceCommand::Invalidate(a) => (
                base(Operation::Invalidate, &a.selection, Some(&a.guard))?,
                &a.selection,
            ),
            ServiceCommand::Delete(a) => (
                base(Operation::Delete, &a.selection, Some(&a.guard))?,
                &a.selection,
            ),
            ServiceCommand::Anonymize(a) => (
                base(Operation::Anonymize, &a.selection, Some(&a.guard))?,
                &a.selection,
            ),
            ServiceCommand::QualifyContacts(a) => {
                let mut request = base(Operation::QualifyContacts, &a.selection, None)?;
                for given in &a.criterion {
                    let (code, values) = pair("--criterion", given)?;
                    let values = values.trim().trim_matches('\'').to_string();
                    request.criteria.push((code, ValueSpec::Constant(values)));
                }
                for given in &a.criterion_from {
                    let (code, e) = pair("--criterion-from", given)?;
                    request.criteria.push((code, ValueSpec::Expression(e)));
                }
                (request, &a.selection)
            }
            ServiceCommand::QualifyStructures(a) => {
                let mut request = base(Operation::QualifyStructures, &a.selection, None)?;
                request.structure_type = match (&a.structure_type, &a.structure_type_from) {
                    (Some(c), _) => Some(ValueSpec::Constant(c.trim().to_string())),
                    (None, Some(e)) => Some(ValueSpec::Expression(e.clone())),
                    (None, None) => None,
                };
                (request, &a.selection)
            }
            ServiceCommand::Drop(a) => {
                let request = ServiceRequest {
                    operation: Operation::Drop,
                    selection: SelectionSpec {
                        source: SelectionSource::Run(a.run.clone()),
                        filter: None,
                    },
                    set: Vec::new(),
                    criteria: Vec::new(),
                    structure_type: None,
                    confirm: a.guard.confirm,
                    allow_legacy: a.guard.allow_legacy_operations,
                };
                return Ok(Asked {
                    request,
                    migration: &a.migration,
                    out: a.out.clone(),
                    tag: a.tag.clone(),
                });
            }
        };
        Ok(Asked {
            request,
            migration: &s.migration,
            out: s.out.clone(),
            tag: s.tag.clone(),
        })
    }
}

/// `stx-migrate service OPERATION ...`.
pub(super) async fn service(cli: &Cli, command: &ServiceCommand) -> Result<u8, Failure> {
    let asked = command.asked()?;
    let migration = Migration::load(asked.migration).map_err(RunError::from)?;
    let profile = load_profile(&migration)?;
    let state = open_state(&migration).await?;
    let operation = asked.request.operation;
    let input = ServiceInput::build(
        &migration,
        &profile,
        &asked.request,
        &state,
        &format!("service {}", operation.name()),
    )
    .await
    .map_err(failure)?;
    tell_selection(cli, &input.record.selection);
    input.guard(&asked.request).map_err(failure)?;
    let done = run_service_file(cli, migration, &input, asked.out, asked.tag, &state, None).await?;
    Ok(done.code)
}

/// Undecided rows of a selection, on stderr: why rows were not selected.
fn tell_selection(cli: &Cli, s: &SelectionRecord) {
    if cli.quiet {
        return;
    }
    if s.empty > 0 {
        eprintln!(
            "note: {} row(s) not selected: a value the condition reads is empty, so it is unknown for them",
            s.empty
        );
    }
    if s.undecided > s.empty {
        eprintln!(
            "note: {} row(s) not selected: the condition cannot read one of their values",
            s.undecided - s.empty
        );
        for u in &s.undecided_rows {
            eprintln!("  row {}: {}", u.row, u.reason);
        }
    }
    if s.duplicates > 0 {
        eprintln!(
            "note: {} row(s) repeat a contact number of an earlier row: each contact is taken once",
            s.duplicates
        );
    }
}

/// What a service run ended with.
struct ServiceDone {
    code: u8,
    summary: RunSummary,
}

/// Writes selection.csv, runs the pipeline over it, records the run and the contacts its file
/// touched, and prints the result.
async fn run_service_file(
    cli: &Cli,
    migration: Migration,
    input: &ServiceInput,
    out: Option<PathBuf>,
    tag: Option<String>,
    state: &StateStore,
    bulk: Option<serde_json::Value>,
) -> Result<ServiceDone, Failure> {
    let file_stem = migration.file.output.file_stem.clone();
    let options = RunOptions {
        out_dir: out,
        progress: !cli.quiet && !cli.json,
        service: Some(input.record.clone()),
        ..RunOptions::default()
    };
    let (run_id, out_dir) = pipeline::run_folder(&migration, &options);
    let gate = migration.file.gate.clone();
    let name = migration.file.migration.name.clone();
    let operation = input.record.operation.clone();
    state
        .begin(&RunStart {
            run_id: run_id.clone(),
            migration_name: name.clone(),
            migration_sha256: migration.sha256.clone(),
            source: format!(
                "{} ({}) {}",
                input.record.command, input.record.selection.source, input.record.selection.from
            ),
            out_dir: out_dir.clone(),
            tag,
            operation: Some(operation.clone()),
        })
        .await
        .map_err(RunError::from)?;
    let location = state_location(&migration)?;
    let options = RunOptions {
        out_dir: Some(out_dir.clone()),
        ..options
    };
    // Written once the run is recorded: a refused run (another in progress) leaves no file.
    let path = match input.write(&out_dir) {
        Ok(path) => path,
        Err(e) => {
            record_failed(state, &run_id, &e.to_string()).await;
            return Err(failure(e));
        }
    };
    let service_migration = input.migration(&migration, &path);
    let summary = run_begun(state, &run_id, location, service_migration, &options).await?;
    let numbers = written_numbers(&summary, &file_stem).await;
    state
        .record_service_contacts(&run_id, &name, &numbers)
        .await
        .map_err(RunError::from)?;
    if let Some(drop_run) = &input.drop_run {
        // Dropped contacts are gone from SecuTix: the next delta run sends them again.
        let keys: Vec<String> = numbers
            .iter()
            .filter_map(|n| input.keys.get(n).cloned())
            .collect();
        state
            .set_not_imported(&name, drop_run, &keys, true)
            .await
            .map_err(RunError::from)?;
    }
    let mut extra =
        serde_json::json!({ "service": &input.record, "contacts_touched": numbers.len() });
    if let Some(bulk) = bulk {
        extra["bulk"] = bulk;
    }
    let code = report_summary(cli, &summary, &gate, &[], false, Some(extra));
    record_completed(state, &run_id, &summary, code).await?;
    if !cli.quiet && !cli.json {
        let refused: u64 = input.record.refused.values().sum();
        println!(
            "{} {}: {} contact(s) in the file ({}){}",
            input.record.command,
            operation,
            numbers.len(),
            summary.out_dir.display(),
            if refused > 0 {
                format!(
                    "; {refused} left alone ({}), listed in rejects.csv",
                    input.record.refusals()
                )
            } else {
                String::new()
            }
        );
    }
    Ok(ServiceDone { code, summary })
}

/// The contact numbers of the rows a run wrote to its contact files (CONFIG rows aside).
async fn written_numbers(summary: &RunSummary, stem: &str) -> Vec<String> {
    let Some(file) = summary
        .files
        .iter()
        .filter(|f| {
            f.path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| crate::writers::is_contact_file_name(n, stem))
        })
        .min_by_key(|f| f.format != "csv")
    else {
        return Vec::new();
    };
    let mut numbers = Vec::new();
    // Parts of a split file: every part of the same format.
    for part in summary.files.iter().filter(|f| {
        f.format == file.format
            && f.path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| crate::writers::is_contact_file_name(n, stem))
    }) {
        let Ok(table) = crate::runs::reconcile::read_export(&part.path).await else {
            continue;
        };
        let (Some(nr), op) = (table.column("CONTACT_NR"), table.column("OPERATION")) else {
            continue;
        };
        for row in &table.rows {
            let config = op.is_some_and(|o| row.get(o).is_some_and(|v| v == "CONFIG"));
            match row.get(nr).map(|n| n.trim()) {
                Some(n) if !n.is_empty() && !config => numbers.push(n.to_string()),
                _ => {}
            }
        }
    }
    numbers
}

/// `stx-migrate bulk ...`.
pub(super) async fn bulk(cli: &Cli, command: &BulkCommand) -> Result<u8, Failure> {
    match command {
        BulkCommand::Template(args) => bulk_template(cli, args).await,
        BulkCommand::Check(args) => bulk_check(cli, args).await,
        BulkCommand::Apply(args) => bulk_apply(cli, args).await,
    }
}

async fn bulk_template(cli: &Cli, args: &BulkTemplateArgs) -> Result<u8, Failure> {
    let migration = Migration::load(&args.migration).map_err(RunError::from)?;
    let profile = load_profile(&migration)?;
    let layout = Layout::of(&migration, args.like.as_deref()).map_err(failure)?;
    let mut fields: Vec<(String, FieldKind)> = Vec::new();
    for code in args.criteria.iter().map(|c| c.trim()) {
        match bulk::field_kind(code, &migration, &profile) {
            Some(kind @ FieldKind::Criterion(_)) => fields.push((code.into(), kind)),
            _ => {
                return Err(Failure::new(
                    EXIT_CONFIG,
                    format!("--criteria {code}: not a criterion of [institution.criteria]"),
                ))
            }
        }
    }
    let all = bulk::authorisations(&profile);
    let wanted: Vec<String> = if args.authorisations.iter().any(|a| a == "all") {
        all.clone()
    } else {
        args.authorisations
            .iter()
            .map(|a| a.trim().to_ascii_uppercase())
            .collect()
    };
    for column in wanted {
        if !all.contains(&column) {
            return Err(Failure::new(
                EXIT_CONFIG,
                format!(
                    "--authorisations {column}: not an authorisation column of the format ({})",
                    all.join(", ")
                ),
            ));
        }
        fields.push((column, FieldKind::Authorisation));
    }
    if fields.is_empty() {
        return Err(Failure::new(
            EXIT_CONFIG,
            "choose the fields: --criteria CODES and/or --authorisations COLUMNS (or all)",
        ));
    }
    let lookups = migration.load_lookups().map_err(RunError::from)?;
    let spec = SelectionSpec {
        source: SelectionSource::Export(args.export.clone()),
        filter: args.filter.clone(),
    };
    // The selection brings the fields' current values along: one read of the export, and
    // only the selected rows held.
    let mut needs: Vec<String> = fields.iter().map(|(n, _)| n.clone()).collect();
    needs.extend(
        profile
            .codes()
            .into_iter()
            .filter(|c| crate::quality::codes::is_criterion(c))
            .map(str::to_string),
    );
    let selection = spec
        .select(None, &lookups, Values::Shown, &needs)
        .await
        .map_err(failure)?;
    tell_selection(cli, &selection.record);
    let mut selection = selection;
    let export = ExportValues::new(crate::runs::reconcile::ContactTable {
        codes: selection.columns.clone(),
        rows: std::mem::take(&mut selection.rows),
        row_numbers: std::mem::take(&mut selection.source_rows),
    });
    for (name, kind) in &fields {
        if !export.knows(name, kind) {
            return Err(Failure::new(
                EXIT_CONFIG,
                format!(
                    "{}: no column {name}{}: the [old] values cannot be filled",
                    args.export.display(),
                    match kind {
                        FieldKind::Criterion(_) => " and no CRITnn columns",
                        FieldKind::Authorisation => "",
                    }
                ),
            ));
        }
    }
    let nr = export.column(CONTACT_NR_COLUMN);
    let contacts: Vec<String> = export
        .rows()
        .iter()
        .filter_map(|r| nr.and_then(|i| r.get(i)))
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    if contacts.is_empty() {
        return Err(Failure::new(
            EXIT_CONFIG,
            "no contact selected: nothing to put in a template",
        ));
    }
    let bytes = bulk::template_csv(
        &layout,
        &fields,
        &contacts,
        &export,
        migration.file.bulk.empty_new,
    )
    .map_err(|e| Failure::new(super::EXIT_WRITE, e.to_string()))?;
    crate::writers::write_atomic(&args.out, &bytes)
        .map_err(|e| Failure::new(super::EXIT_WRITE, e.to_string()))?;
    if cli.json {
        let value = serde_json::json!({
            "file": args.out, "contacts": contacts.len(),
            "fields": fields.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            "layout": layout, "selection": selection.record,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else if !cli.quiet {
        println!(
            "bulk template: {} contact(s) × {} field(s) ({}) → {}",
            contacts.len(),
            fields.len(),
            fields
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            args.out.display()
        );
    }
    Ok(0)
}

/// The template checked: the file read with the migration's layout, against the export.
async fn checked_template(args: &BulkFileArgs) -> Result<(Migration, BulkCheck), Failure> {
    let migration = Migration::load(&args.migration).map_err(RunError::from)?;
    let profile = load_profile(&migration)?;
    let layout = Layout::of(&migration, None).map_err(failure)?;
    let file = BulkFile::read(&args.file, layout, &migration, &profile).map_err(failure)?;
    let export = match &args.export {
        Some(path) => {
            let names: Vec<&str> = file.fields.iter().map(|f| f.name.as_str()).collect();
            let contacts = file.contacts();
            Some(
                ExportValues::read(path, &names, &contacts)
                    .await
                    .map_err(failure)?,
            )
        }
        None => None,
    };
    let check = BulkCheck::run(file, export.as_ref(), migration.file.bulk.empty_new);
    Ok((migration, check))
}

/// The check's findings in words, and its counts.
fn tell_check(cli: &Cli, check: &BulkCheck) {
    if cli.quiet || cli.json {
        return;
    }
    for p in &check.file.problems {
        println!(
            "{}: {}{}",
            p.severity.as_str(),
            p.column
                .as_ref()
                .map(|c| format!("{c}: "))
                .unwrap_or_default(),
            p.message
        );
    }
    for f in check.findings.iter().take(20) {
        println!("row {}: {}: {}", f.row + 2, f.column, f.message);
    }
    if check.findings.len() > 20 {
        println!("... {} more in rejects.csv", check.findings.len() - 20);
    }
    let fields = check.changed_fields();
    println!(
        "bulk: {} row(s): {} change {} field(s){}, {} change nothing, {} rejected",
        check.file.rows.len(),
        check.changes.len(),
        fields.values().sum::<u64>(),
        if fields.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                fields
                    .iter()
                    .map(|(f, n)| format!("{f} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
        check.unchanged,
        check.rejected.len()
    );
}

fn check_json(check: &BulkCheck, files: &[PathBuf]) -> serde_json::Value {
    serde_json::json!({
        "rows": check.file.rows.len(),
        "changing": check.changes.len(),
        "unchanged": check.unchanged,
        "rejected": check.rejected.len(),
        "changed_fields": check.changed_fields(),
        "file_problems": check.file.problems,
        "files": files,
    })
}

/// Writes the check's rejects.csv (under `rejects_name`), report.json and report.html.
fn write_check_files(
    check: &BulkCheck,
    dir: &Path,
    rejects_name: &str,
    with_report: bool,
    migration_sha256: &str,
) -> Result<Vec<PathBuf>, Failure> {
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        crate::writers::write_atomic(&path, bytes)
            .map(|_| path)
            .map_err(|e| Failure::new(super::EXIT_WRITE, e.to_string()))
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::new(super::EXIT_WRITE, format!("{}: {e}", dir.display())))?;
    let rejects = check
        .rejects_csv()
        .map_err(|e| Failure::new(super::EXIT_WRITE, e.to_string()))?;
    let mut files = vec![write(rejects_name, &rejects)?];
    if with_report {
        let run_id = dir.file_name().and_then(|n| n.to_str()).unwrap_or("check");
        let report = check.report(run_id, migration_sha256);
        files.push(write("report.json", report.to_json().as_bytes())?);
        files.push(write("report.html", report.to_html().as_bytes())?);
    }
    Ok(files)
}

async fn bulk_check(cli: &Cli, args: &BulkFileArgs) -> Result<u8, Failure> {
    let (migration, check) = checked_template(args).await?;
    let dir = args.out.clone().unwrap_or_else(|| {
        let stem = args
            .file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("bulk");
        args.file
            .parent()
            .unwrap_or(Path::new("."))
            .join(format!("{stem}-check"))
    });
    let files = write_check_files(&check, &dir, "rejects.csv", true, &migration.sha256)?;
    if cli.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&check_json(&check, &files)).unwrap_or_default()
        );
    }
    tell_check(cli, &check);
    Ok(if check.passed() { 0 } else { EXIT_REJECTS })
}

async fn bulk_apply(cli: &Cli, args: &BulkFileArgs) -> Result<u8, Failure> {
    let (migration, check) = checked_template(args).await?;
    tell_check(cli, &check);
    if check
        .file
        .problems
        .iter()
        .any(|p| p.severity == crate::report::Severity::Error)
    {
        return Err(Failure::new(
            EXIT_REJECTS,
            format!(
                "{}: the template cannot be read as it is (see above); nothing was written",
                args.file.display()
            ),
        ));
    }
    let selection = SelectionRecord {
        source: "bulk".into(),
        from: std::path::absolute(&args.file)
            .unwrap_or_else(|_| args.file.clone())
            .display()
            .to_string(),
        sha256: Some(check.file.sha256.clone()),
        rows_read: check.file.rows.len() as u64,
        matched: (check.file.rows.len() - check.rejected.len()) as u64,
        selected: check.changes.len() as u64,
        ..SelectionRecord::default()
    };
    let profile = load_profile(&migration)?;
    let mut input = check.service_input(&profile, selection).map_err(failure)?;
    input.record.command = "bulk apply".into();
    if !check.rejected.is_empty() {
        input.record.refused.insert(
            "bulk-check (bulk-rejects.csv)".into(),
            check.rejected.len() as u64,
        );
    }
    if check.changes.is_empty() {
        return Err(failure(ServiceError::Empty {
            operation: "UPDATE",
            why: format!(
                "{} row(s) of {}, none changes a value ({} rejected)",
                check.file.rows.len(),
                args.file.display(),
                check.rejected.len()
            ),
        }));
    }
    let state = open_state(&migration).await?;
    let sha = migration.sha256.clone();
    let bulk = check_json(&check, &[]);
    let done = run_service_file(
        cli,
        migration,
        &input,
        args.out.clone(),
        None,
        &state,
        Some(bulk),
    )
    .await?;
    write_check_files(
        &check,
        &done.summary.out_dir,
        "bulk-rejects.csv",
        false,
        &sha,
    )?;
    Ok(if check.rejected.is_empty() {
        done.code
    } else {
        EXIT_REJECTS
    })
}
