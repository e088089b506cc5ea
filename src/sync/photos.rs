//! Uploading the photos the device took, after the records that name them: the server takes a
//! photo only for a record it holds that names it. Run by the sync loop when the store counts
//! photos still to send; its code is in the later module (an employee who never takes a photo
//! never loads it).

use std::rc::Rc;

use crate::server_api::{self, ServerError};
use crate::store::Store;

use super::SyncError;

/// Uploads every photo waiting, each marked sent once the server has it. A photo whose record
/// the server does not (yet) hold or no longer names is left for a later run; losing the
/// connection stops the run. Returns how many went up.
pub async fn upload_all(store: Rc<Store>, token: String) -> Result<u32, SyncError> {
    let mut sent = 0;
    for photo in store.unsent_photos().await? {
        match server_api::upload_photo(&token, &photo).await {
            Ok(()) => {
                store.mark_photo_sent(&photo.photo.sha256).await?;
                sent += 1;
            }
            Err(ServerError::Api { status: 404, .. }) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(sent)
}
