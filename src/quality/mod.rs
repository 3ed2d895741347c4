//! Quality rules of the SecuTix format: normalisation and validation of e-mails, phone
//! numbers, countries and languages, and the institution's codes (titles, structure types,
//! criteria ...), applied to whole columns by the pipeline.

pub mod codes;
pub mod config;
pub mod country;
pub mod damage;
pub mod email;
pub mod phone;
pub mod rules;
mod verdict;
