//! The Crisis Center's own 24-hour call center (SE Menpan-RB 69/2020): the number every screen
//! that says "call the Crisis Center" dials, one per office, set by the agency's admin. Where
//! none is set, the screens dial the national COVID-19 line, and say so.

use crate::kit::{self, Context, FieldType, Invalid, Keyboard};
use crate::sync::{Record, SyncRecord};
use crate::validation::Problem;

/// One record per office, ever: its id is the office's (`Ids::single_id`), so the phone finds
/// it with one read, and two admins who set it offline set the same record.
pub const CALL_CENTER_IDS: kit::Ids = kit::Ids::Single {
    prefix: "call-center",
    holder: kit::Holder::Office,
};

crate::record_kind! {
    /// An office's Crisis Center call center: read by everyone of the office, set by the admin.
    pub struct CallCenter, CALL_CENTER {
        kind: "call_center",
        envelope: Office,
        parent: None,
        edits: Shared,
        access: OfficeWide,
        rules: call_center_rules,
        ids: CALL_CENTER_IDS,
    }
    fields {
        /// The number to call, as people write it ("0341-123456", "+62 812 3456 7890").
        phone: String = FieldType::Text { max_chars: 20 }.spec().admin_only().keyboard(Keyboard::Phone),
        /// Who answers, as people call it ("Posko Balai Kota"); the screens say "Crisis Center"
        /// when none is given.
        name: Option<String> = FieldType::Text { max_chars: 60 }.spec().admin_only(),
    }
}

/// A phone number as the roster's (`roster::international_phone`).
fn call_center_rules(record: &Record, _: &Context, errors: &mut Vec<Invalid>) {
    if let Ok(call_center) = CallCenter::from_record(record) {
        if crate::roster::international_phone(&call_center.phone).is_none() {
            errors.push(Invalid::new("phone", Problem::NotAPhone));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::{Stamp, Value};

    #[test]
    fn call_center_table() {
        #[rustfmt::skip]
        let cases = [
            // id,                   office,  phone,           problems
            ("call-center-of1",      "of1",   "0341-123456",   vec![]),
            ("call-center-of1",      "of1",   "119",           vec![("phone", Problem::NotAPhone)]),
            ("call-center-of2",      "of1",   "0341-123456",   vec![("id", Problem::NotTheDaysId)]),
            ("0192a0f0-0000-7000",   "of1",   "0341-123456",   vec![("id", Problem::NotTheDaysId)]),
        ];
        for (id, office, phone, expected) in cases {
            let mut record = Record::new("call_center", id.into(), "ag".into(), Some(office.into()), None);
            record.set("phone", Value::Text(phone.into()), &Stamp::new(1, 0, "d"));
            let mut found: Vec<(&str, Problem)> = kit::check(&CALL_CENTER, &record, &Context::server(0))
                .into_iter()
                .map(|e| (e.field, e.problem))
                .collect();
            if let Err(invalid) = kit::check_id(&CALL_CENTER, &record) {
                found.push((invalid.field, invalid.problem));
            }
            assert_eq!(found, expected, "{id} {phone}");
        }
        assert_eq!(CALL_CENTER_IDS.single_id("of1").as_deref(), Some("call-center-of1"));
    }
}
