//! One sync run: push the outbox in sequence order, then pull every page after the cursor.

use posko_core::api::LoginResponse;
use posko_core::sync::protocol::MAX_PUSH_ENTRIES;

use crate::server_api::{self, ServerError};
use crate::store::{Store, StoreError};

/// Why a run stopped early. Nothing is lost in any case: the outbox keeps what was not
/// acknowledged and the cursor stays at the last stored page.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncError {
    /// No answer: offline, or the server is down. Retried with backoff.
    Unreachable,
    /// The server no longer accepts this session. The queue waits for the next sign-in.
    SessionExpired,
    /// A reply was cut off or garbled on the way: nothing was refused. Retried with backoff.
    Interrupted,
    /// The server answered with an error, named by its code (its message is for logs, in English).
    Server(String),
    Store(StoreError),
}

impl From<StoreError> for SyncError {
    fn from(error: StoreError) -> Self {
        SyncError::Store(error)
    }
}

impl From<ServerError> for SyncError {
    fn from(error: ServerError) -> Self {
        match error {
            ServerError::Unreachable => SyncError::Unreachable,
            ServerError::Api { status: 401, .. } => SyncError::SessionExpired,
            ServerError::Api { code, .. } => SyncError::Server(code),
            ServerError::BrokenReply => SyncError::Interrupted,
        }
    }
}

/// How far a long push or pull is: changes acknowledged of those queued when it began, or
/// records received of those the server announced. Told only for more than one batch or page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Sending (a push), or receiving (a pull).
    pub sending: bool,
    pub done: u32,
    pub total: u32,
}

pub fn cursor_key(user_id: &str) -> String {
    format!("cursor:{user_id}")
}

/// Pushes, then pulls when `pull` says so. `on_change` is told after each stored batch of
/// acknowledgements and each stored page with records in it, so the UI can show them even if a
/// later step fails. Answers the outbox entries the server refused for a clock ahead of its own,
/// still queued, for the later module to stamp again (`later::restamp`). The pull is in the home
/// area's module (`later::pull`): signing in and sending a screening need none of it, so an
/// employee's phone still waiting for today's screening pushes and then only asks whether it
/// was made elsewhere (`ask_screened`, `AppContext::waiting_for_screening`).
pub async fn sync_once(
    store: &Store,
    session: &LoginResponse,
    pull: bool,
    on_change: impl Fn(),
    on_progress: impl Fn(Progress),
) -> Result<Vec<u64>, SyncError> {
    let user_id = &session.user.id;
    let mut clock_ahead = Vec::new();
    let limit = MAX_PUSH_ENTRIES as u32;
    let mut batch = store.next_push(user_id, limit).await?;
    // A full first batch means more may follow: how many, so the user sees how far it is.
    let mut sending = Progress {
        sending: true,
        done: 0,
        total: if batch.len() as u32 == limit {
            store.pending_count_of(user_id).await?
        } else {
            0
        },
    };
    while !batch.is_empty() {
        // The batch after this one is read while this one is on the wire. Pushes still go one
        // at a time, in sequence order.
        let sent = js_sys::Date::now() as i64;
        let (reply, next) = futures::join!(
            server_api::push(&session.token, store.device_id(), &batch.entries),
            store.next_push_after(user_id, batch.last_seq(), limit)
        );
        let reply = reply?;
        store
            .observe_server_time(reply.server_time_ms, sent, js_sys::Date::now() as i64)
            .await?;
        clock_ahead.extend(store.apply_acks(&reply.acks, &batch).await?);
        on_change();
        if sending.total > 0 {
            sending.done = (sending.done + batch.len() as u32).min(sending.total);
            on_progress(sending);
        }
        batch = next?;
    }
    if pull {
        let pull = crate::later::pull().await.map_err(|_| SyncError::Unreachable)?;
        pull(store, session, &on_change, &on_progress).await?;
    }
    Ok(clock_ahead)
}

/// What a phone waiting for the day's screening (`AppContext::waiting_for_screening`) asks in place of
/// the pull: the day, `today()`, if the server holds the user's screening of it (made on another phone,
/// or recorded for them), learning the server's time on the way, so the screening about to be
/// made is dated by it. The day is asked again when the server's time moved it (a phone a day
/// off that had not met the server yet).
pub async fn ask_screened(
    store: &Store,
    session: &LoginResponse,
    today: impl Fn() -> chrono::NaiveDate,
) -> Result<Option<chrono::NaiveDate>, SyncError> {
    let mut asked = today();
    // Twice at most: the second answer was asked by the server's day.
    for _ in 0..2 {
        let sent = js_sys::Date::now() as i64;
        let (screened, server_time_ms) = server_api::screened(&session.token, asked).await?;
        store
            .observe_server_time(server_time_ms, sent, js_sys::Date::now() as i64)
            .await?;
        let day = today();
        if day == asked {
            return Ok(screened.then_some(asked));
        }
        asked = day;
    }
    // A clock that will not settle: the phone keeps waiting; a second screening of the day
    // would be merged into the first by its id.
    Ok(None)
}

/// Every page after the cursor, each stored as it comes (`sync_once`).
pub async fn pull(
    store: &Store,
    session: &LoginResponse,
    on_change: &dyn Fn(),
    on_progress: &dyn Fn(Progress),
) -> Result<(), SyncError> {
    let user_id = &session.user.id;
    let key = cursor_key(user_id);
    let (cursor, reach) = store.pull_position(&key).await?;
    let mut page = fetch_page(store, &session.token, cursor, &reach).await?;
    // What left the user's reach goes first. The first page names every record gone since the
    // cursor. A reset (a new office or role) drops every record with nothing queued, and its
    // pages bring back what is still in reach; cut short, the next run starts again, as the new
    // reach is kept only with the last page.
    if page.reset || page.gone.length() > 0 {
        store.drop_out_of_reach(user_id, &page.gone, page.reset).await?;
        on_change();
    }
    // A first sync of thousands of records shows how far it is, against what the first page
    // said was waiting.
    let mut receiving = Progress {
        sending: false,
        done: 0,
        total: if page.more {
            page.records.length() + page.remaining
        } else {
            0
        },
    };
    loop {
        let pulled_any = page.records.length() > 0;
        // Told as soon as the page is stored, while the next one may still be on the wire.
        let stored = async {
            let reach = if page.more { &reach } else { &page.reach };
            store.apply_pull(&page.records, &key, page.cursor, reach).await?;
            if pulled_any {
                on_change();
            }
            if receiving.total > 0 {
                receiving.done = (receiving.done + page.records.length()).min(receiving.total);
                on_progress(receiving);
            }
            Ok::<(), SyncError>(())
        };
        // The next page is fetched while this one is stored: the wire and IndexedDB work at
        // once. Pages are still stored in order, each with its own cursor.
        let next = if page.more {
            let (stored, next) = futures::join!(stored, fetch_page(store, &session.token, page.cursor, &page.reach));
            stored?;
            Some(next)
        } else {
            stored.await?;
            None
        };
        match next {
            Some(next) => page = next?,
            None => break,
        }
    }
    Ok(())
}

/// One page after `cursor`, the server's time taken in from the exchange (kept with the page).
async fn fetch_page(store: &Store, token: &str, cursor: u64, reach: &str) -> Result<server_api::RawPage, SyncError> {
    let sent = js_sys::Date::now() as i64;
    let page = server_api::pull(token, cursor, reach).await?;
    store.observe_server_time_for_pull(page.server_time_ms, sent, js_sys::Date::now() as i64);
    Ok(page)
}
