//! The OpenAPI schemas of the two wire types whose serde is written by hand (`Value`, `Stamp`),
//! for the server's generated API description (the `openapi` feature; never in the client).

use std::borrow::Cow;

use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

use crate::sync::{Stamp, Value};

impl PartialSchema for Value {
    fn schema() -> RefOr<Schema> {
        let of = |kind: Type| ObjectBuilder::new().schema_type(SchemaType::new(kind));
        OneOfBuilder::new()
            .item(of(Type::Null))
            .item(of(Type::Boolean))
            .item(
                of(Type::Integer).format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                    utoipa::openapi::KnownFormat::Int64,
                ))),
            )
            .item(of(Type::String))
            .description(Some("A field's value: null, a boolean, an integer or a text"))
            .into()
    }
}

impl ToSchema for Value {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Value")
    }
}

impl PartialSchema for Stamp {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .pattern(Some("^[0-9a-f]{12}-[0-9a-f]{4}-[!-~]{1,64}$"))
            .description(Some(
                "A change's stamp: Unix milliseconds (12 hex digits), a counter (4), the device id",
            ))
            .into()
    }
}

impl ToSchema for Stamp {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Stamp")
    }
}
