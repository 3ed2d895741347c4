//! The input of a service run: `selection.csv` (one row per contact, what the operation needs
//! of the selection) and the `[map]` that turns it into the service file's rows.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use polars::prelude::{DataType, Field, Schema};
use stx_connector_core::SourceSpec;
use toml::Spanned;

use super::select::{Selection, SelectionRecord, Values, CONTACT_NR};
use super::{Operation, ServiceError, ServiceRecord, ServiceRequest, ValueSpec};
use crate::format::FormatProfile;
use crate::mapping::compile_expression;
use crate::migration::Migration;
use crate::runs::{DropRefusal, StateStore};

/// The input file of a service run, in its run folder.
pub const SERVICE_INPUT_FILE: &str = "selection.csv";
/// The row of the selection each input row comes from.
const SOURCE_ROW: &str = "STX_SOURCE_ROW";
/// Why the service leaves the contact alone (a reason code), else empty.
const REFUSED: &str = "STX_REFUSED";
/// The OPERATION of the row.
const OPERATION: &str = "STX_OPERATION";
/// The source key of a contact a DROP selection took from the state.
const KEY: &str = "KEY";

/// Columns a service never sets from the command line: they find the contact and say what
/// to do with it.
const FIXED_COLUMNS: [&str; 4] = ["INSTITUTION", "ORGANIZATION", "OPERATION", CONTACT_NR];

/// `selection.csv`, the `[map]` over it, and the protocol's record.
#[derive(Debug, Clone)]
pub struct ServiceInput {
    /// Columns of selection.csv.
    pub columns: Vec<String>,
    /// Its rows.
    pub rows: Vec<Vec<String>>,
    /// SecuTix column → expression over selection.csv.
    pub map: BTreeMap<String, String>,
    /// Who selected what, how many.
    pub record: ServiceRecord,
    /// DROP: contact number → source key (the keys to send again after the drop).
    pub keys: HashMap<String, String>,
    /// DROP: the run whose import is undone.
    pub drop_run: Option<String>,
}

impl ServiceInput {
    /// Selects the contacts and builds the input of `request`.
    pub async fn build(
        migration: &Migration,
        profile: &FormatProfile,
        request: &ServiceRequest,
        state: &StateStore,
        command: &str,
    ) -> Result<ServiceInput, ServiceError> {
        let operation = request.operation;
        if operation.is_legacy() && !request.allow_legacy {
            return Err(ServiceError::Legacy {
                operation: operation.file_operation(),
            });
        }
        let lookups = migration
            .load_lookups()
            .map_err(|e| ServiceError::Config(e.to_string()))?;
        let name = &migration.file.migration.name;
        let mut input = if operation == Operation::Drop {
            drop_input(request, state, name).await?
        } else {
            let values = match operation {
                Operation::Anonymize => Values::Withheld,
                _ => Values::Shown,
            };
            let selection = request
                .selection
                .select(Some((state, name)), &lookups, values, &needs(request))
                .await?;
            selection_input(operation, selection)?
        };
        input.record.command = command.into();
        input.map.insert("OPERATION".into(), quoted(OPERATION));
        let schema = input.schema();
        match operation {
            Operation::Update => input.set_columns(profile, &request.set, &schema, &lookups)?,
            Operation::QualifyContacts => {
                input.set_criteria(migration, profile, &request.criteria, &schema, &lookups)?
            }
            Operation::QualifyStructures => {
                let value = request.structure_type.as_ref().ok_or_else(|| {
                    ServiceError::Config(
                        "qualify-structures needs --structure-type or --structure-type-from".into(),
                    )
                })?;
                input.set_structure_type(migration, value, &schema, &lookups)?
            }
            _ => {}
        }
        input.refuse_in_map();
        input.record.contacts = input.touched();
        Ok(input)
    }

    /// The input of rows made elsewhere (`bulk apply`): `targets` are SecuTix columns, each
    /// row holds the source row, refusal, OPERATION, CONTACT_NR and one value per target.
    pub fn from_rows(
        targets: Vec<String>,
        rows: Vec<Vec<String>>,
        selection: SelectionRecord,
        values: BTreeMap<String, String>,
        contacts: u64,
    ) -> ServiceInput {
        let mut columns = [SOURCE_ROW, REFUSED, OPERATION, CONTACT_NR]
            .map(String::from)
            .to_vec();
        let mut map = BTreeMap::new();
        map.insert("OPERATION".to_string(), quoted(OPERATION));
        for target in targets {
            map.insert(target.clone(), quoted(&target));
            columns.push(target);
        }
        let mut input = ServiceInput {
            columns,
            rows,
            map,
            record: ServiceRecord {
                values,
                contacts,
                ..record(Operation::Update, selection, BTreeMap::new())
            },
            keys: HashMap::new(),
            drop_run: None,
        };
        input.refuse_in_map();
        input
    }

    /// Refuses what must not be written: an empty file, and a destructive one without
    /// `--confirm` (after saying how many contacts it touches).
    pub fn guard(&self, request: &ServiceRequest) -> Result<(), ServiceError> {
        let operation = request.operation.file_operation();
        let record = &self.record;
        if record.contacts == 0 {
            let refused: u64 = record.refused.values().sum();
            return Err(ServiceError::Empty {
                operation,
                why: format!(
                    "{}{}",
                    describe(&record.selection),
                    if refused > 0 {
                        format!(", {refused} refused ({})", record.refusals())
                    } else {
                        String::new()
                    }
                ),
            });
        }
        if request.operation.is_destructive() && !request.confirm {
            let refused: u64 = record.refused.values().sum();
            let mut selection = describe(&record.selection);
            if refused > 0 {
                selection.push_str(&format!("; {refused} left alone: {}", record.refusals()));
            }
            return Err(ServiceError::NotConfirmed {
                operation,
                contacts: record.contacts,
                selection,
            });
        }
        Ok(())
    }

    /// Writes selection.csv into `dir`.
    pub fn write(&self, dir: &Path) -> Result<PathBuf, ServiceError> {
        // Absolute: the run reads it from the migration file's folder.
        let path = std::path::absolute(dir.join(SERVICE_INPUT_FILE))
            .unwrap_or_else(|_| dir.join(SERVICE_INPUT_FILE));
        let failed = |e: &dyn std::fmt::Display| ServiceError::Write {
            path: path.clone(),
            message: e.to_string(),
        };
        std::fs::create_dir_all(dir).map_err(|e| failed(&e))?;
        let mut bytes = Vec::new();
        {
            let mut writer = csv::Writer::from_writer(&mut bytes);
            writer.write_record(&self.columns).map_err(|e| failed(&e))?;
            for row in &self.rows {
                writer.write_record(row).map_err(|e| failed(&e))?;
            }
            writer.flush().map_err(|e| failed(&e))?;
        }
        crate::writers::write_atomic(&path, &bytes).map_err(|e| failed(&e))?;
        Ok(path)
    }

    /// The migration that makes the service file from `input` (selection.csv): the base
    /// migration's institution, rules, gate, output and state, with this [map].
    pub fn migration(&self, base: &Migration, input: &Path) -> Migration {
        let mut migration = base.clone();
        let file = &mut migration.file;
        file.source = SourceSpec {
            path: Some(input.to_path_buf()),
            kind: Some("csv".into()),
            ..SourceSpec::default()
        }
        .with("encoding", "utf-8")
        .with("delimiter", ",");
        file.read.table = Some("selection".into());
        file.read.query = None;
        file.read.key = None;
        file.read.readers = None;
        file.map = self
            .map
            .iter()
            .map(|(column, expression)| (column.clone(), Spanned::new(0..0, expression.clone())))
            .collect();
        // A value the service cannot write rejects its row: nothing is dropped silently.
        file.on_error.clear();
        file.dedupe = None;
        file.numbers = None;
        file.notify = None;
        migration.as_written = false;
        migration
    }

    /// selection.csv's columns, all text.
    fn schema(&self) -> Schema {
        self.columns
            .iter()
            .map(|c| Field::new(c.as_str().into(), DataType::String))
            .collect()
    }

    /// Contacts the file touches: rows with a number, not refused, not CONFIG.
    fn touched(&self) -> u64 {
        let at = |name: &str| self.columns.iter().position(|c| c == name);
        let (Some(nr), Some(refused), Some(op)) = (at(CONTACT_NR), at(REFUSED), at(OPERATION))
        else {
            return 0;
        };
        self.rows
            .iter()
            .filter(|r| !r[nr].trim().is_empty() && r[refused].is_empty() && r[op] != "CONFIG")
            .count() as u64
    }

    /// CONTACT_NR as the selection has it, each refusal rejecting its rows with a message.
    fn refuse_in_map(&mut self) {
        let mut expression = format!("trim({})", quoted(CONTACT_NR));
        let reasons: Vec<String> = self
            .rows
            .iter()
            .map(|r| r[1].clone())
            .filter(|r| !r.is_empty())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        for reason in reasons {
            let message = refusal_message(&reason, self.drop_run.as_deref());
            expression = format!(
                "reject_if({expression}, {} = {}, {}, {})",
                quoted(REFUSED),
                literal(&reason),
                literal(&message),
                literal(&format!("service-{reason}"))
            );
        }
        self.map.insert(CONTACT_NR.into(), expression);
    }

    /// UPDATE: the columns given, each an expression over the selection's columns.
    fn set_columns(
        &mut self,
        profile: &FormatProfile,
        set: &[(String, String)],
        schema: &Schema,
        lookups: &crate::mapping::Lookups,
    ) -> Result<(), ServiceError> {
        if set.is_empty() {
            return Err(ServiceError::Config(
                "update needs the columns to change: --set COLUMN=EXPRESSION or --columns A,B (taken from the export)".into(),
            ));
        }
        for (column, expression) in set {
            let column = column.trim().to_ascii_uppercase();
            if profile.column(&column).is_none() {
                return Err(ServiceError::Config(format!(
                    "--set {column}: not a column of the SecuTix format (`stx-migrate columns` lists them)"
                )));
            }
            if FIXED_COLUMNS.contains(&column.as_str()) {
                return Err(ServiceError::Config(format!(
                    "--set {column}: the service fills {column} itself (it finds the contact and says what to do)"
                )));
            }
            if self.map.contains_key(&column) {
                return Err(ServiceError::Config(format!(
                    "--set {column} is given twice"
                )));
            }
            compile(&format!("--set {column}"), expression, schema, lookups)?;
            self.record
                .values
                .insert(column.clone(), expression.clone());
            self.map.insert(column, expression.clone());
        }
        Ok(())
    }

    /// Qualify contacts: a CRITnn column per criterion, declared by the CONFIG row.
    fn set_criteria(
        &mut self,
        migration: &Migration,
        profile: &FormatProfile,
        criteria: &[(String, ValueSpec)],
        schema: &Schema,
        lookups: &crate::mapping::Lookups,
    ) -> Result<(), ServiceError> {
        let known = migration.file.institution.criteria.as_ref().ok_or_else(|| {
            ServiceError::Config(
                "qualify-contacts checks the values against [institution.criteria]: list the institution's criteria and their values in the migration file".into(),
            )
        })?;
        if criteria.is_empty() {
            return Err(ServiceError::Config(
                "qualify-contacts needs --criterion CODE=VALUES or --criterion-from CODE=EXPRESSION"
                    .into(),
            ));
        }
        let columns: Vec<&str> = profile
            .codes()
            .into_iter()
            .filter(|c| crate::quality::codes::is_criterion(c))
            .collect();
        if criteria.len() > columns.len() {
            return Err(ServiceError::Config(format!(
                "{} criteria given; the format has {} criterion columns",
                criteria.len(),
                columns.len()
            )));
        }
        for ((code, value), column) in criteria.iter().zip(columns) {
            let allowed = known.get(code).ok_or_else(|| {
                ServiceError::Config(format!(
                    "criterion {code} is not in [institution.criteria] (known: {}); create it in SecuTix first, then list it",
                    known.keys().cloned().collect::<Vec<_>>().join(", ")
                ))
            })?;
            if criteria.iter().filter(|(c, _)| c == code).count() > 1 {
                return Err(ServiceError::Config(format!(
                    "criterion {code} is given twice"
                )));
            }
            let expression = match value {
                ValueSpec::Constant(values) => {
                    for v in values.split('|') {
                        if !allowed.is_empty() && !allowed.iter().any(|a| a == v) {
                            return Err(ServiceError::Config(format!(
                                "criterion {code}: '{v}' is not one of its values ({})",
                                allowed.join(", ")
                            )));
                        }
                    }
                    literal(values)
                }
                ValueSpec::Expression(e) => {
                    compile(&format!("--criterion-from {code}"), e, schema, lookups)?;
                    format!("({e})")
                }
            };
            self.record.values.insert(code.clone(), shown_value(value));
            self.map.insert(
                column.to_string(),
                format!(
                    "iif({} = 'CONFIG', {}, {expression})",
                    quoted(OPERATION),
                    literal(code)
                ),
            );
        }
        Ok(())
    }

    /// Qualify structures: STRUCT_TYPE, checked against `[institution] structure-types`.
    fn set_structure_type(
        &mut self,
        migration: &Migration,
        value: &ValueSpec,
        schema: &Schema,
        lookups: &crate::mapping::Lookups,
    ) -> Result<(), ServiceError> {
        let known = migration
            .file
            .institution
            .structure_types
            .as_ref()
            .ok_or_else(|| {
                ServiceError::Config(
                    "qualify-structures checks the type against [institution] structure-types: list the institution's structure types in the migration file".into(),
                )
            })?;
        let expression = match value {
            ValueSpec::Constant(code) => {
                if !known.contains(code) {
                    return Err(ServiceError::Config(format!(
                        "structure type '{code}' is not in [institution] structure-types ({})",
                        known.join(", ")
                    )));
                }
                literal(code)
            }
            ValueSpec::Expression(e) => {
                compile("--structure-type-from", e, schema, lookups)?;
                e.clone()
            }
        };
        self.record
            .values
            .insert("STRUCT_TYPE".into(), shown_value(value));
        self.map.insert("STRUCT_TYPE".into(), expression);
        Ok(())
    }
}

/// What the operation reads of the selection beyond CONTACT_NR and the condition: the
/// expressions it evaluates, and OFFICIAL_NAME to tell structures from individuals.
fn needs(request: &ServiceRequest) -> Vec<String> {
    let mut needs: Vec<String> = request.set.iter().map(|(_, e)| e.clone()).collect();
    let expression = |v: &ValueSpec| match v {
        ValueSpec::Expression(e) => Some(e.clone()),
        ValueSpec::Constant(_) => None,
    };
    needs.extend(request.criteria.iter().filter_map(|(_, v)| expression(v)));
    needs.extend(request.structure_type.as_ref().and_then(expression));
    if request.operation == Operation::QualifyStructures {
        needs.push("OFFICIAL_NAME".into());
    }
    needs
}

/// The input of an operation on a selection (every operation but DROP).
fn selection_input(
    operation: Operation,
    selection: Selection,
) -> Result<ServiceInput, ServiceError> {
    let nr = selection
        .columns
        .iter()
        .position(|c| c == CONTACT_NR)
        .unwrap_or(0);
    // Destructive operations carry only the number: nothing personal enters our files.
    let kept: Vec<usize> = if operation.is_destructive() {
        vec![nr]
    } else {
        (0..selection.columns.len()).collect()
    };
    let mut columns = vec![SOURCE_ROW.to_string(), REFUSED.into(), OPERATION.into()];
    let mut taken = std::collections::HashSet::new();
    for &i in &kept {
        let mut name = selection.columns[i].clone();
        while name.is_empty() || columns.contains(&name) || !taken.insert(name.clone()) {
            name.push('_');
        }
        columns.push(name);
    }
    let kind = StructureTest::new(&selection.columns);
    if operation == Operation::QualifyStructures && kind.is_none() {
        return Err(ServiceError::Config(
            "qualify-structures must tell structures from individuals: select from a SecuTix export with OFFICIAL_NAME (and FIRSTNAME, LASTNAME)".into(),
        ));
    }
    let mut rows = Vec::with_capacity(selection.rows.len() + 1);
    let mut refused: BTreeMap<String, u64> = BTreeMap::new();
    if operation == Operation::QualifyContacts {
        let mut config = vec![String::new(); columns.len()];
        config[2] = "CONFIG".into();
        rows.push(config);
    }
    for (row, source_row) in selection.rows.iter().zip(&selection.source_rows) {
        let mut reason = String::new();
        if operation == Operation::QualifyStructures
            && kind.as_ref().is_some_and(|k| !k.is_structure(row))
        {
            reason = "individual".into();
            *refused.entry(reason.clone()).or_default() += 1;
        }
        let mut out = vec![
            source_row.to_string(),
            reason,
            operation.file_operation().to_string(),
        ];
        out.extend(
            kept.iter()
                .map(|&i| row.get(i).cloned().unwrap_or_default()),
        );
        rows.push(out);
    }
    Ok(ServiceInput {
        columns,
        rows,
        map: BTreeMap::new(),
        record: record(operation, selection.record, refused),
        keys: HashMap::new(),
        drop_run: None,
    })
}

/// DROP: the contacts the run created, each with what keeps it from being dropped.
async fn drop_input(
    request: &ServiceRequest,
    state: &StateStore,
    migration: &str,
) -> Result<ServiceInput, ServiceError> {
    let super::SelectionSource::Run(run) = &request.selection.source else {
        return Err(ServiceError::Config(
            "drop undoes an import: select its run with --run RUN (an id or tag); DROP takes only the contacts that run created and nobody changed since".into(),
        ));
    };
    if request.selection.filter.is_some() {
        return Err(ServiceError::Config(
            "drop takes every contact the run created and nobody changed since: --where does not apply".into(),
        ));
    }
    let run_id = super::find_run(state, migration, run).await?;
    let candidates = state.drop_candidates(migration, &run_id).await?;
    if candidates.is_empty() {
        return Err(ServiceError::Empty {
            operation: "DROP",
            why: format!("run {run_id} recorded no contact it created (DROP needs a run with [read] key, which records what it created)"),
        });
    }
    let columns = [SOURCE_ROW, REFUSED, OPERATION, CONTACT_NR, KEY]
        .map(String::from)
        .to_vec();
    let mut refused: BTreeMap<String, u64> = BTreeMap::new();
    let mut keys = HashMap::new();
    let mut rows = Vec::with_capacity(candidates.len());
    for (i, c) in candidates.iter().enumerate() {
        let reason = c.refusal.as_ref().map(DropRefusal::code).unwrap_or("");
        if let Some(refusal) = &c.refusal {
            let counted = match refusal {
                DropRefusal::ChangedBy(by) => format!("changed-since (by {by})"),
                other => other.code().to_string(),
            };
            *refused.entry(counted).or_default() += 1;
        }
        let nr = c.contact_nr.clone().unwrap_or_default();
        if c.refusal.is_none() {
            keys.insert(nr.clone(), c.key.clone());
        }
        rows.push(vec![
            (i + 1).to_string(),
            reason.to_string(),
            "DROP".into(),
            nr,
            c.key.clone(),
        ]);
    }
    let n = candidates.len() as u64;
    let selection = SelectionRecord {
        source: "run".into(),
        from: run_id.clone(),
        rows_read: n,
        matched: n,
        selected: n,
        ..SelectionRecord::default()
    };
    Ok(ServiceInput {
        columns,
        rows,
        map: BTreeMap::new(),
        record: record(Operation::Drop, selection, refused),
        keys,
        drop_run: Some(run_id),
    })
}

fn record(
    operation: Operation,
    selection: SelectionRecord,
    refused: BTreeMap<String, u64>,
) -> ServiceRecord {
    ServiceRecord {
        command: String::new(),
        operation: operation.file_operation().into(),
        requested_by: super::requested_by(),
        selection,
        values: BTreeMap::new(),
        refused,
        contacts: 0,
    }
}

/// Tells a structure from an individual in an export row: a structure has an OFFICIAL_NAME.
struct StructureTest {
    official_name: usize,
}

impl StructureTest {
    fn new(columns: &[String]) -> Option<StructureTest> {
        Some(StructureTest {
            official_name: columns.iter().position(|c| c == "OFFICIAL_NAME")?,
        })
    }

    fn is_structure(&self, row: &[String]) -> bool {
        row.get(self.official_name)
            .is_some_and(|v| !v.trim().is_empty() && v.trim() != "=")
    }
}

/// The message of a refusal (`{value}` is the contact number).
fn refusal_message(reason: &str, drop_run: Option<&str>) -> String {
    let run = drop_run.unwrap_or("the run");
    match reason {
        "individual" => "contact {value} is an individual (no OFFICIAL_NAME in the selection): a structure type applies to structures only".into(),
        "changed-since" => format!("contact {{value}} was changed after run {run}, by a later run or service file (the protocol names which): DROP only undoes an import nobody has touched since"),
        "not-imported" => format!("contact {{value}} of run {run} was not imported (reconcile found it missing in SecuTix): nothing to drop"),
        "no-number" => format!("this contact of run {run} was numbered by SecuTix at import and the state does not know its number: select it by number (--contacts) to drop it"),
        other => format!("contact {{value}}: left alone ({other})"),
    }
}

/// The selection in words, for messages.
fn describe(s: &SelectionRecord) -> String {
    let filter = s
        .filter
        .as_ref()
        .map(|f| format!(" where {f}"))
        .unwrap_or_default();
    let mut out = match s.source.as_str() {
        "run" => format!("{} contacts of run {}", s.selected, s.from),
        _ => format!(
            "{} of {} rows of {}{filter}",
            s.selected, s.rows_read, s.from
        ),
    };
    if s.undecided > 0 {
        out.push_str(&format!(
            ", {} not decided (an empty or unreadable value)",
            s.undecided
        ));
    }
    if s.duplicates > 0 {
        out.push_str(&format!(", {} repeated numbers taken once", s.duplicates));
    }
    out
}

fn compile(
    option: &str,
    expression: &str,
    schema: &Schema,
    lookups: &crate::mapping::Lookups,
) -> Result<(), ServiceError> {
    compile_expression(expression, schema, lookups)
        .map(|_| ())
        .map_err(|e| ServiceError::Expression {
            option: option.into(),
            expression: expression.into(),
            message: e.to_string(),
        })
}

fn shown_value(value: &ValueSpec) -> String {
    match value {
        ValueSpec::Constant(v) => literal(v),
        ValueSpec::Expression(e) => e.clone(),
    }
}

/// A column name as an identifier of the mapping language.
fn quoted(column: &str) -> String {
    format!("\"{}\"", column.replace('"', "\"\""))
}

/// A text as a literal of the mapping language.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(columns: &[&str], rows: &[&[&str]]) -> Selection {
        Selection {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|v| v.to_string()).collect())
                .collect(),
            source_rows: (5..5 + rows.len() as u64).collect(),
            record: SelectionRecord::default(),
        }
    }

    #[test]
    fn destructive_inputs_keep_only_the_contact_number() {
        let s = selection(
            &["CONTACT_NR", "LASTNAME", "EMAIL1"],
            &[&["100", "Muster", "m@x.ch"], &["101", "Meier", "k@x.ch"]],
        );
        let input = selection_input(Operation::Anonymize, s).unwrap();
        assert_eq!(
            input.columns,
            vec![
                "STX_SOURCE_ROW",
                "STX_REFUSED",
                "STX_OPERATION",
                "CONTACT_NR"
            ]
        );
        assert_eq!(
            input.rows,
            vec![
                vec!["5", "", "ANONYMIZE", "100"],
                vec!["6", "", "ANONYMIZE", "101"]
            ]
        );
        assert_eq!(input.touched(), 2);
    }

    #[test]
    fn individuals_are_refused_a_structure_type_and_criteria_get_a_config_row() {
        let s = selection(
            &["CONTACT_NR", "FIRSTNAME", "OFFICIAL_NAME"],
            &[&["100", "Anna", ""], &["101", "", "ACME SA"]],
        );
        let mut input = selection_input(Operation::QualifyStructures, s.clone()).unwrap();
        assert_eq!(input.rows[0][1], "individual");
        assert_eq!(input.rows[1][1], "");
        assert_eq!(input.record.refused.get("individual"), Some(&1));
        input.refuse_in_map();
        assert!(input.map["CONTACT_NR"].contains("'individual'"));
        assert_eq!(input.touched(), 1);
        let without_names = selection(&["CONTACT_NR"], &[&["100"]]);
        assert!(selection_input(Operation::QualifyStructures, without_names).is_err());
        let input = selection_input(Operation::QualifyContacts, s).unwrap();
        assert_eq!(input.rows[0][2], "CONFIG");
        assert_eq!(input.rows.len(), 3);
        assert_eq!(input.touched(), 2);
    }

    #[test]
    fn guard_refuses_an_empty_file_and_an_unconfirmed_destructive_one() {
        let s = selection(&["CONTACT_NR"], &[&["100"], &[""]]);
        let mut input = selection_input(Operation::Invalidate, s).unwrap();
        input.record.contacts = input.touched();
        let request = |confirm| ServiceRequest {
            operation: Operation::Invalidate,
            selection: super::super::SelectionSpec {
                source: super::super::SelectionSource::Contacts(vec![]),
                filter: None,
            },
            set: vec![],
            criteria: vec![],
            structure_type: None,
            confirm,
            allow_legacy: true,
        };
        let e = input.guard(&request(false)).unwrap_err().to_string();
        assert!(
            e.contains("INVALIDATE would touch 1 contact(s)") && e.contains("--confirm"),
            "{e}"
        );
        input.guard(&request(true)).unwrap();
        input.record.contacts = 0;
        let e = input.guard(&request(true)).unwrap_err().to_string();
        assert!(e.starts_with("nothing to INVALIDATE"), "{e}");
    }
}
