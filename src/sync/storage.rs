//! Persistent storage: asked for after sign-in, and a warning when the browser refuses it or
//! space is nearly gone (a phone that evicts Posko's data would lose unsent records).

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::SyncStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageState {
    Unknown,
    Persisted,
    /// The browser may clear the data under storage pressure.
    NotPersisted,
    /// More than 90% of the quota is used.
    NearlyFull,
}

const NEARLY_FULL: f64 = 0.9;

pub async fn check(status: SyncStatus) {
    status.storage.set(state().await);
}

async fn state() -> StorageState {
    let Some(window) = web_sys::window() else {
        return StorageState::Unknown;
    };
    let manager = window.navigator().storage();
    let persisted = match manager.persist() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()),
        Err(_) => None,
    };
    if let Ok(promise) = manager.estimate() {
        if let Ok(estimate) = JsFuture::from(promise).await {
            let estimate: web_sys::StorageEstimate = estimate.into();
            if let (Some(usage), Some(quota)) = (estimate.get_usage(), estimate.get_quota()) {
                if quota > 0.0 && usage / quota > NEARLY_FULL {
                    return StorageState::NearlyFull;
                }
            }
        }
    }
    match persisted {
        Some(true) => StorageState::Persisted,
        Some(false) => StorageState::NotPersisted,
        None => StorageState::Unknown,
    }
}
