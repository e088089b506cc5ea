//! A photo taken with the phone's camera, made fit to keep and send: scaled down so its longer
//! side is at most `MAX_SIDE` pixels and re-encoded as JPEG until it is at most `MAX_BYTES`
//! (about 200 kB: a phone photo is 3–5 MB, too much for a weak signal and for IndexedDB), then
//! named by the SHA-256 of its bytes, so the same photo is one file wherever it goes.
//! Only the generic form's photo field calls this, so it is in the later module.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::store::Photo;

pub const MAX_SIDE: u32 = 1600;
pub const MAX_BYTES: f64 = 200.0 * 1024.0;
const QUALITIES: [f64; 3] = [0.8, 0.65, 0.5];
const TYPE: &str = "image/jpeg";

/// Why a photo could not be taken in (a file that is not an image the browser can read).
#[derive(Debug, Clone, PartialEq)]
pub struct NotAPhoto;

impl From<JsValue> for NotAPhoto {
    fn from(_: JsValue) -> Self {
        NotAPhoto
    }
}

/// The file, downscaled and named.
pub async fn prepare(file: &web_sys::Blob) -> Result<Photo, NotAPhoto> {
    let window = web_sys::window().ok_or(NotAPhoto)?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(window.create_image_bitmap_with_blob(file)?)
        .await?
        .dyn_into()?;
    let (width, height) = (bitmap.width(), bitmap.height());
    if width == 0 || height == 0 {
        return Err(NotAPhoto);
    }
    let mut scale = (f64::from(MAX_SIDE) / f64::from(width.max(height))).min(1.0);
    // Smaller and smaller until it fits: first the quality, then the size.
    loop {
        let (w, h) = (
            ((f64::from(width) * scale).round() as u32).max(1),
            ((f64::from(height) * scale).round() as u32).max(1),
        );
        let canvas: web_sys::HtmlCanvasElement = window
            .document()
            .ok_or(NotAPhoto)?
            .create_element("canvas")?
            .unchecked_into();
        canvas.set_width(w);
        canvas.set_height(h);
        let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d")?.ok_or(NotAPhoto)?.unchecked_into();
        context.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, f64::from(w), f64::from(h))?;
        for quality in QUALITIES {
            let blob = encode(&canvas, quality).await?;
            if blob.size() <= MAX_BYTES || (w <= 320 && quality == QUALITIES[QUALITIES.len() - 1]) {
                bitmap.close();
                return Ok(Photo {
                    sha256: sha256_hex(&blob).await?,
                    content_type: TYPE.to_owned(),
                    blob,
                });
            }
        }
        scale *= 0.75;
    }
}

/// The canvas as JPEG at `quality` (`toBlob` takes a callback; this waits on it).
async fn encode(canvas: &web_sys::HtmlCanvasElement, quality: f64) -> Result<web_sys::Blob, NotAPhoto> {
    let mut failed = None;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        if let Err(error) = canvas.to_blob_with_type_and_encoder_options(done.unchecked_ref(), TYPE, &quality.into()) {
            failed = Some(error);
        }
    });
    if failed.is_some() {
        return Err(NotAPhoto);
    }
    JsFuture::from(promise).await?.dyn_into().map_err(|_| NotAPhoto)
}

/// The SHA-256 of the blob's bytes, as 64 lowercase hex digits (what the server checks).
pub async fn sha256_hex(blob: &web_sys::Blob) -> Result<String, NotAPhoto> {
    let bytes = JsFuture::from(blob.array_buffer()).await?;
    let subtle = web_sys::window().ok_or(NotAPhoto)?.crypto()?.subtle();
    let digest = JsFuture::from(subtle.digest_with_str_and_buffer_source("SHA-256", &bytes.unchecked_into())?).await?;
    Ok(js_sys::Uint8Array::new(&digest)
        .to_vec()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
