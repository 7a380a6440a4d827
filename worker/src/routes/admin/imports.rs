//! `POST /v1/admin/import`, `GET /v1/admin/runs`, `GET /v1/admin/runs/<id>`.

use worker::{Request, Response, Result, RouteContext};

use super::{authorize, id_param};
use crate::db::runs;
use crate::error::ApiError;
use crate::http::{flag_param, limit_param, query_param, respond};
use crate::import::{self, Input, Trigger};
use crate::restore;

/// The most runs listed at once.
const MAX_RUNS: u32 = 200;

/// `POST /v1/admin/import[?source=<name>][&accept_loss=true]`: fetches and
/// imports every enabled feed now (or the one named), and answers with the
/// runs.
pub async fn trigger(req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        let db = authorize(&req, &ctx.env)?;
        let url = req.url()?;
        let fetching = import::fetching(&ctx.env);
        match query_param(&url, "source") {
            None => {
                let marks = restore::store(&ctx.env);
                import::run_enabled(&db, marks.as_ref(), Trigger::Admin, fetching).await
            }
            Some(source) => {
                let feed = super::feeds::existing(&db, &source).await?;
                if !feed.enabled {
                    return Err(ApiError::Conflict(format!(
                        "feed `{source}` is disabled; enable it first \
                         (POST /v1/admin/feeds/{source}/enable)"
                    )));
                }
                let accept_loss = flag_param(&url, "accept_loss");
                Ok(vec![
                    import::run(
                        &db,
                        restore::store(&ctx.env).as_ref(),
                        &feed,
                        Trigger::Admin,
                        Input::Fetched(fetching),
                        accept_loss,
                    )
                    .await?,
                ])
            }
        }
    }
    .await;
    respond(result)
}

/// `GET /v1/admin/runs[?source=<name>][&limit=<n>]`: the newest runs first,
/// without their per-row reports.
pub async fn list(req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        let db = authorize(&req, &ctx.env)?;
        let url = req.url()?;
        let limit = limit_param(&url, 50, MAX_RUNS)?;
        runs::list(&db, query_param(&url, "source").as_deref(), limit).await
    }
    .await;
    respond(result)
}

/// `GET /v1/admin/runs/<id>`: one run with its per-row report.
pub async fn get(req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        let db = authorize(&req, &ctx.env)?;
        let id = id_param(&ctx, "import run")?;
        runs::get(&db, id).await?.ok_or(ApiError::NoSuch {
            what: "import run",
            name: id.to_string(),
        })
    }
    .await;
    respond(result)
}
