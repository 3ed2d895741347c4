//! What source column names mean: the SecuTix columns a contact source usually fills, with
//! the names (EN, FR, DE, IT, ES, and common abbreviations) a legacy database gives them.
//! Names are compared folded: lower case, accents and separators removed, a table or
//! customer prefix (`cust_`, `kd_`, `c_`, `client_` …) taken off.

/// (SecuTix column, the folded names that mean it).
pub const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "CONTACT_NR",
        &[
            "custno",
            "customerno",
            "customernumber",
            "custnr",
            "kdnr",
            "kundennr",
            "kundennummer",
            "clientno",
            "noclient",
            "numeroclient",
            "numclient",
            "clientnr",
            "contactnr",
            "contactno",
            "contactnumber",
            "nr",
            "no",
            "number",
            "legacyid",
            "codecliente",
            "numerocliente",
            "kundenr",
        ],
    ),
    (
        "TITLE",
        &[
            "civility",
            "civilite",
            "title",
            "salutation",
            "anrede",
            "titre",
            "courtesy",
            "titleofcourtesy",
            "appellation",
            "saluto",
            "titolo",
            "tratamiento",
            "anredecode",
        ],
    ),
    (
        "FIRSTNAME",
        &[
            "firstname",
            "first",
            "fname",
            "givenname",
            "prenom",
            "vorname",
            "nome",
            "nombre",
            "forename",
        ],
    ),
    (
        "LASTNAME",
        &[
            "lastname",
            "last",
            "lname",
            "surname",
            "familyname",
            "name",
            "nom",
            "nachname",
            "cognome",
            "apellido",
            "apellidos",
            "contactname",
        ],
    ),
    (
        "OFFICIAL_NAME",
        &[
            "company",
            "companyname",
            "firm",
            "firma",
            "firmenname",
            "societe",
            "entreprise",
            "raisonsociale",
            "ragionesociale",
            "azienda",
            "empresa",
            "organisation",
            "organization",
            "organisationname",
        ],
    ),
    (
        "BIRTHDATE",
        &[
            "birthdate",
            "birthday",
            "dateofbirth",
            "dob",
            "born",
            "datenaissance",
            "naissance",
            "geburtsdatum",
            "geburtstag",
            "datanascita",
            "fechanacimiento",
            "nacimiento",
        ],
    ),
    (
        "PREF_LANG",
        &[
            "lang",
            "language",
            "langue",
            "sprache",
            "lingua",
            "idioma",
            "korrespondenzsprache",
            "preflang",
            "languecorrespondance",
        ],
    ),
    (
        "FUNCTION",
        &[
            "jobtitle",
            "function",
            "fonction",
            "funktion",
            "position",
            "beruf",
            "role",
            "contacttitle",
            "funzione",
            "cargo",
            "poste",
        ],
    ),
    (
        "LINE1",
        &[
            "street",
            "address",
            "address1",
            "addressline1",
            "line1",
            "adresse",
            "adresse1",
            "strasse",
            "rue",
            "via",
            "indirizzo",
            "calle",
            "direccion",
            "street1",
        ],
    ),
    (
        "LINE2",
        &[
            "street2",
            "address2",
            "addressline2",
            "line2",
            "adresse2",
            "complement",
            "zusatz",
            "adresszusatz",
            "strasse2",
        ],
    ),
    (
        "ZIPCODE",
        &[
            "zip",
            "zipcode",
            "postcode",
            "postalcode",
            "plz",
            "npa",
            "cp",
            "cap",
            "codepostal",
            "postleitzahl",
            "codigopostal",
        ],
    ),
    (
        "TOWN",
        &[
            "city",
            "town",
            "ville",
            "ort",
            "wohnort",
            "citta",
            "ciudad",
            "localite",
            "localita",
            "localidad",
            "gemeinde",
            "commune",
        ],
    ),
    (
        "COUNTRY",
        &[
            "country",
            "countrycode",
            "pays",
            "land",
            "paese",
            "pais",
            "nation",
            "staat",
        ],
    ),
    (
        "TELEPHONE",
        &[
            "phone",
            "telephone",
            "tel",
            "telefon",
            "telefono",
            "phonenumber",
            "homephone",
            "telprive",
            "telprivat",
            "phoneprivate",
            "telefonprivat",
        ],
    ),
    (
        "CELLPHONE",
        &[
            "mobile",
            "mobilephone",
            "cell",
            "cellphone",
            "natel",
            "handy",
            "portable",
            "cellulare",
            "movil",
            "mobil",
            "telmobile",
        ],
    ),
    ("FAX", &["fax", "telefax", "faxnumber"]),
    (
        "EMAIL1",
        &[
            "email",
            "mail",
            "emailaddress",
            "courriel",
            "adressemail",
            "mel",
            "posta",
            "correo",
            "correoelectronico",
            "email1",
        ],
    ),
    (
        "EMAIL",
        &[
            "newsletter",
            "optin",
            "emailoptin",
            "newsletteroptin",
            "infomail",
            "mailing",
        ],
    ),
    (
        "REMARK",
        &[
            "remark",
            "remarks",
            "comment",
            "comments",
            "note",
            "notes",
            "bemerkung",
            "bemerkungen",
            "remarque",
            "commentaire",
            "nota",
            "observaciones",
        ],
    ),
];

/// Prefixes a legacy schema puts before column names.
const PREFIXES: &[&str] = &[
    "customer", "cust", "client", "kunde", "kunden", "kd", "contact", "ctc", "pers", "person",
    "cli", "c", "k", "p",
];

/// A name folded for comparison: lower case, accents off, only letters and digits.
pub fn fold(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.replace('ß', "ss")
        .nfd()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The folded name, and the same without a known prefix (`cust_email` → `email`; the prefix
/// must be followed by a separator or an upper-case letter in the original name).
pub fn candidates(name: &str) -> Vec<String> {
    let mut out = vec![fold(name)];
    let lower = name.to_ascii_lowercase();
    for prefix in PREFIXES {
        let Some(rest) = lower.strip_prefix(prefix) else {
            continue;
        };
        let separated = rest.starts_with(['_', '-', ' ', '.'])
            || name[prefix.len()..].starts_with(|c: char| c.is_ascii_uppercase());
        if separated && rest.len() > 1 {
            out.push(fold(rest));
        }
    }
    out
}

/// The SecuTix column a source column's name means, with whether the whole name matched
/// (`true`) or only without its prefix.
pub fn meaning(name: &str) -> Option<(&'static str, bool)> {
    let names = candidates(name);
    for (i, n) in names.iter().enumerate() {
        for (code, synonyms) in SYNONYMS {
            if synonyms.contains(&n.as_str()) {
                return Some((code, i == 0));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_five_languages_and_with_prefixes() {
        for (name, code) in [
            ("first_name", "FIRSTNAME"),
            ("Prénom", "FIRSTNAME"),
            ("Vorname", "FIRSTNAME"),
            ("cognome", "LASTNAME"),
            ("Nachname", "LASTNAME"),
            ("cust_email", "EMAIL1"),
            ("Courriel", "EMAIL1"),
            ("kd_plz", "ZIPCODE"),
            ("NPA", "ZIPCODE"),
            ("Straße", "LINE1"),
            ("Ort", "TOWN"),
            ("città", "TOWN"),
            ("Natel", "CELLPHONE"),
            ("PostalCode", "ZIPCODE"),
            ("CompanyName", "OFFICIAL_NAME"),
            ("TitleOfCourtesy", "TITLE"),
            ("cust_no", "CONTACT_NR"),
            ("Kundennummer", "CONTACT_NR"),
        ] {
            assert_eq!(meaning(name).map(|m| m.0), Some(code), "{name}");
        }
        assert_eq!(meaning("created_at"), None);
        assert_eq!(meaning("addr_kind"), None);
    }
}
