//! The Crisis Center's 24-hour call button, shown wherever an employee may need to report.

use leptos::prelude::*;

/// The national COVID-19 line until each agency configures its own Crisis Center number.
const HOTLINE_TEL: &str = "tel:119";
const HOTLINE_LABEL: &str = "119 ext 9";

pub fn hotline_button() -> impl IntoView {
    view! { <a class="button wide" href=HOTLINE_TEL>{HOTLINE_LABEL}</a> }
}
