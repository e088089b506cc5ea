//! Photos on the device: the bytes a record's attachment field names (`<field>.<sha256>`), kept
//! in the `attachments` store, saved in the same transaction as the record that names them, and
//! uploaded after that record has reached the server (`sync::photos`). A photo's `sent` mark is
//! its own state; whether a record still has a photo to send follows from it.

use rexie::{KeyRange, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

use super::records::present;
use super::schema::{ATTACHMENTS, ATTACHMENTS_BY_SENT};
use super::{Store, StoreError};
use crate::js_codec::{property, JsObject};

/// A photo ready to keep: downscaled, named by the SHA-256 of its bytes.
#[derive(Debug, Clone)]
pub struct Photo {
    pub sha256: String,
    pub content_type: String,
    pub blob: web_sys::Blob,
}

/// A photo still to upload, and the record it goes with.
#[derive(Debug, Clone)]
pub struct UnsentPhoto {
    pub photo: Photo,
    pub record_id: String,
}

const UNSENT: f64 = 0.0;
const SENT: f64 = 1.0;

pub(super) fn photo_row(photo: &Photo, record_id: &str) -> JsValue {
    JsObject::new()
        .set("sha256", JsValue::from_str(&photo.sha256))
        .set("record_id", JsValue::from_str(record_id))
        .set("content_type", JsValue::from_str(&photo.content_type))
        .set("blob", photo.blob.clone().into())
        .set("sent", JsValue::from_f64(UNSENT))
        .build()
}

fn from_row(row: &JsValue) -> Option<UnsentPhoto> {
    Some(UnsentPhoto {
        photo: Photo {
            sha256: property(row, "sha256").as_string()?,
            content_type: property(row, "content_type").as_string()?,
            blob: property(row, "blob").dyn_into().ok()?,
        },
        record_id: property(row, "record_id").as_string()?,
    })
}

impl Store {
    fn unsent_range(op: &'static str) -> Result<KeyRange, StoreError> {
        KeyRange::only(&JsValue::from_f64(UNSENT)).map_err(|e| StoreError::from_rexie(op, rexie::Error::IdbError(e)))
    }

    /// The photos waiting to be uploaded, with their records.
    pub async fn unsent_photos(&self) -> Result<Vec<UnsentPhoto>, StoreError> {
        const OP: &str = "read photos";
        let err = |e| StoreError::from_rexie(OP, e);
        let tx = self.tx(&[ATTACHMENTS], TransactionMode::ReadOnly, OP)?;
        let index = tx
            .store(ATTACHMENTS)
            .map_err(err)?
            .index(ATTACHMENTS_BY_SENT)
            .map_err(err)?;
        let rows = index.get_all(Some(Self::unsent_range(OP)?), None).await.map_err(err)?;
        Ok(rows.iter().filter_map(from_row).collect())
    }

    /// Marks a photo as on the server: it is not uploaded again.
    pub async fn mark_photo_sent(&self, sha256: &str) -> Result<(), StoreError> {
        const OP: &str = "mark photo sent";
        let err = |e| StoreError::from_rexie(OP, e);
        let tx = self.tx(&[ATTACHMENTS], TransactionMode::ReadWrite, OP)?;
        let store = tx.store(ATTACHMENTS).map_err(err)?;
        if let Some(row) = present(store.get(JsValue::from_str(sha256)).await.map_err(err)?) {
            let _ = js_sys::Reflect::set(&row, &JsValue::from_str("sent"), &JsValue::from_f64(SENT));
            store.put(&row, None).await.map_err(err)?;
        }
        super::finish(tx, OP).await
    }

    /// A photo this device keeps (one it took), by its name; `None` when it has no such photo.
    pub async fn photo_blob(&self, sha256: &str) -> Result<Option<web_sys::Blob>, StoreError> {
        const OP: &str = "read photo";
        let err = |e| StoreError::from_rexie(OP, e);
        let tx = self.tx(&[ATTACHMENTS], TransactionMode::ReadOnly, OP)?;
        let row = present(
            tx.store(ATTACHMENTS)
                .map_err(err)?
                .get(JsValue::from_str(sha256))
                .await
                .map_err(err)?,
        );
        Ok(row.and_then(|row| property(&row, "blob").dyn_into().ok()))
    }
}
