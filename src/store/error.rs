//! Store errors that keep the browser's own DOMException name and message (rexie's hide them).

use wasm_bindgen::{JsCast, JsValue};

/// What went wrong in IndexedDB, in the browser's words: `name` is the DOMException name
/// (`QuotaExceededError`, `VersionError`, `InvalidStateError`...), `message` its text.
#[derive(Debug, Clone, PartialEq)]
pub struct StoreError {
    /// What the store was doing, for the log and the user message.
    pub operation: &'static str,
    pub name: String,
    pub message: String,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.operation, self.name, self.message)
    }
}

impl std::error::Error for StoreError {}

impl StoreError {
    pub fn new(operation: &'static str, name: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            operation,
            name: name.into(),
            message: message.into(),
        }
    }

    pub fn from_rexie(operation: &'static str, error: rexie::Error) -> Self {
        match error {
            rexie::Error::IdbError(inner) => Self::from_idb(operation, inner),
            other => Self::new(operation, "TransactionError", other.to_string()),
        }
    }

    fn from_idb(operation: &'static str, error: idb::Error) -> Self {
        use idb::Error as E;
        // The variants that carry the failed request's error (a DOMException).
        let js: Option<JsValue> = match &error {
            E::DomException(exception) => Some(exception.clone().into()),
            E::AddFailed(v)
            | E::UpdateFailed(v)
            | E::GetFailed(v)
            | E::GetAllFailed(v)
            | E::GetAllKeysFailed(v)
            | E::GetKeyFailed(v)
            | E::DeleteFailed(v)
            | E::ClearFailed(v)
            | E::CountFailed(v)
            | E::OpenCursorFailed(v)
            | E::CursorAdvanceFailed(v)
            | E::CursorContinueFailed(v)
            | E::IndexedDbOpenFailed(v)
            | E::IndexedDbDeleteFailed(v)
            | E::IndexedDbNotFound(v)
            | E::ObjectStoreNotFound(v)
            | E::IndexNotFound(v)
            | E::KeyRangeCreateFailed(v)
            | E::RequestErrorNotFound(v)
            | E::TransactionOpenFailed(v)
            | E::TransactionCommitError(v)
            | E::TransactionAbortError(v) => Some(v.clone()),
            _ => None,
        };
        match js.and_then(|value| dom_exception_parts(&value)) {
            Some((name, message)) => Self::new(operation, name, message),
            // The rest are idb's internal conditions (a finished cursor, a dropped channel): no
            // browser error to keep. Neither Debug (compiled out of the release build) nor Display
            // (a sentence per variant, 0.8 kB of brotli) is worth carrying for them.
            None => Self::new(operation, "IdbError", String::new()),
        }
    }
}

/// Reads `name` and `message` off a DOMException or any Error-like JS object.
fn dom_exception_parts(value: &JsValue) -> Option<(String, String)> {
    if let Some(exception) = value.dyn_ref::<web_sys::DomException>() {
        return Some((exception.name(), exception.message()));
    }
    let name = js_sys::Reflect::get(value, &"name".into()).ok()?.as_string()?;
    let message = js_sys::Reflect::get(value, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default();
    Some((name, message))
}
