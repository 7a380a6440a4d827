use worker::{Request, Response, Result, RouteContext};

use crate::error::ApiError;

/// Any `/v1/` path without a route.
pub async fn not_found(req: Request, _ctx: RouteContext<()>) -> Result<Response> {
    ApiError::NotFound(req.path()).into_response()
}
