//! The API's description (issue #18): OpenAPI generated from the handlers' `#[utoipa::path]`
//! and the wire types' schemas (`posko-core`'s `openapi` feature), served at
//! `/api/openapi.json` and fuzzed against a live server by schemathesis (`scripts/api-fuzz.sh`).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi;

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Posko",
        description = "The Crisis Center's server: sessions, the sync of records (push, pull, \
            history, photos), the roster's spreadsheets, the figures monitors compare and the places an \
            address is picked from. Errors \
            have one body (`ErrorBody`) with a stable code."
    ),
    components(schemas(posko_core::api::ErrorBody)),
    modifiers(&Session)
)]
struct Description;

/// The bearer token of a session (`POST /api/auth/login`), which most endpoints need.
struct Session;

impl utoipa::Modify for Session {
    fn modify(&self, openapi: &mut OpenApi) {
        let scheme = SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build());
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("session", scheme);
    }
}

/// The description's head (title, security scheme, the error body); the router adds the paths.
pub fn description() -> OpenApi {
    <Description as utoipa::OpenApi>::openapi()
}

/// A file's bytes as a body (a photo, a workbook): a string of bytes in the description.
pub struct FileBytes;

impl utoipa::PartialSchema for FileBytes {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, SchemaFormat, SchemaType, Type};
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .format(Some(SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Binary)))
            .into()
    }
}

impl utoipa::ToSchema for FileBytes {}
