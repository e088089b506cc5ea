//! What a later view loads (from the device's store, or the server), as one resource type.
//!
//! Leptos' `LocalResource<T>` compiles its whole async machinery once per `T` and per fetcher:
//! the app's 18 resources cost about 70 kB of raw WebAssembly (twiggy,
//! 2026-12-02, `tools/wasm-profile.sh`: `ArcAsyncDerived` and `ScopedFuture` instances). Here
//! every view's data goes through one `LocalResource<Erased>` with one boxed fetcher type, so
//! that machinery is compiled once; each view keeps its typed handle, `ViewData<T>`, which
//! reads the value back by its type.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

/// A loaded value, its type erased.
#[derive(Clone)]
pub struct Erased(Rc<dyn Any>);

type Fetch = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Erased>>>>;

/// The one resource every view's data is loaded by: not generic, so compiled once.
fn erased(fetch: Fetch) -> LocalResource<Erased> {
    LocalResource::new(move || fetch())
}

/// A view's data of type `T`, loaded again whenever what its fetcher reads changes (a sync
/// run's revision, a picked office), like the `LocalResource` it wraps.
pub struct ViewData<T> {
    inner: LocalResource<Erased>,
    value: PhantomData<fn() -> T>,
}

impl<T> Clone for ViewData<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ViewData<T> {}

impl<T: Clone + 'static> ViewData<T> {
    pub fn new<F: Future<Output = T> + 'static>(fetch: impl Fn() -> F + 'static) -> Self {
        let fetch: Fetch = Rc::new(move || {
            let loading = fetch();
            Box::pin(async move { Erased(Rc::new(loading.await)) })
        });
        ViewData {
            inner: erased(fetch),
            value: PhantomData,
        }
    }

    /// The value once loaded (tracked, as `LocalResource::get`).
    pub fn get(&self) -> Option<T> {
        self.inner.get().and_then(|e| e.0.downcast_ref::<T>().cloned())
    }

    /// The value once loaded, not tracked.
    pub fn get_untracked(&self) -> Option<T> {
        self.inner
            .get_untracked()
            .and_then(|e| e.0.downcast_ref::<T>().cloned())
    }

    /// Reads the value once loaded (tracked) without copying it: a list of 20,000 people is
    /// read at each keystroke of its search.
    pub fn with<R>(&self, read: impl FnOnce(Option<&T>) -> R) -> R {
        self.inner
            .with(|e| read(e.as_ref().and_then(|e| e.0.downcast_ref::<T>())))
    }

    /// Whether it has loaded (tracked), without copying it.
    pub fn is_loaded(&self) -> bool {
        self.inner.with(Option::is_some)
    }

    /// Loads it again (after the view itself changed what it reads).
    pub fn refetch(&self) {
        self.inner.refetch();
    }
}
