use serde::Serialize;
use worker::{Request, Response, Result, RouteContext};

use crate::error::ApiError;
use crate::http::respond;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
    meetings: u64,
}

/// `GET /v1/health`: the worker answers and its database is reachable.
pub async fn get(_req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        let db = ctx.env.d1("DB")?;
        let meetings = crate::db::meetings::count(&db).await?;
        Ok::<_, ApiError>(Health {
            status: "ok",
            version: env!("CARGO_PKG_VERSION"),
            meetings,
        })
    }
    .await;
    respond(result)
}
