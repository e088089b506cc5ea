//! Views of any declared record kind, drawn from its declaration (`posko_core::kit`): the names
//! of its fields and choices from `locales/kinds/`, its values formatted by type. A kind with no
//! screen of its own costs its declaration and its translations. The form (`form.rs`) and these views are in the later
//! module (`later.rs`), so they add nothing to an employee's first load.

pub mod form;
pub mod labels;
pub mod list;
pub mod office;
pub mod photo_view;
pub mod show;
