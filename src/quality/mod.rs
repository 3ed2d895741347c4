//! Quality rules of the SecuTix format: normalisation and validation of e-mails, phone
//! numbers, countries and languages, applied to whole columns by the pipeline.

pub mod config;
pub mod country;
pub mod email;
pub mod phone;
pub mod rules;
