//! Binary entry for trunk: mounts the app.

fn main() {
    posko::start();
}
