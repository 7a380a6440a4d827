//! `GET /v1/admin/reports`, `POST /v1/admin/reports/<id>/resolve`.

use lantern_core::report::{ReportKind, MAX_DETAILS_CHARS, MAX_REPORT_BYTES};
use lantern_core::text::plain_text;
use serde::{Deserialize, Serialize};
use worker::{Request, Response, Result, RouteContext};

use super::{authorize, id_param};
use crate::db::reports::{self, Listing, Which};
use crate::error::ApiError;
use crate::http::{limit_param, now, query_param, read_body, respond};

/// The most reports listed at once, and how many unless asked.
const MAX_LISTED: u32 = 500;
const LISTED: u32 = 100;

/// `GET /v1/admin/reports[?status=open|resolved|all][&kind=…][&meeting=<id>]
/// [&before=<id>][&limit=<n>]`: newest first, open ones unless asked
/// otherwise, 100 at a time; the next page is `before` the last one's id.
pub async fn list(req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        let db = authorize(&req, &ctx.env)?;
        let url = req.url()?;
        let which = match query_param(&url, "status").as_deref() {
            None | Some("open") => Which::Open,
            Some("resolved") => Which::Resolved,
            Some("all") => Which::All,
            Some(_) => {
                return Err(ApiError::BadParameter {
                    name: "status",
                    message: "use open, resolved or all".to_owned(),
                })
            }
        };
        let kind = match query_param(&url, "kind") {
            Some(kind) if ReportKind::from_key(&kind).is_none() => {
                return Err(ApiError::BadParameter {
                    name: "kind",
                    message: format!(
                        "use one of {}",
                        ReportKind::ALL.map(ReportKind::key).join(", ")
                    ),
                })
            }
            kind => kind,
        };
        let before = match query_param(&url, "before") {
            None => None,
            Some(id) => Some(id.parse::<u64>().map_err(|_| ApiError::BadParameter {
                name: "before",
                message: "use the id of the last report of the page before".to_owned(),
            })?),
        };
        let listing = Listing {
            which,
            kind,
            meeting_id: query_param(&url, "meeting"),
            before,
            limit: limit_param(&url, LISTED, MAX_LISTED)?,
        };
        reports::list(&db, &listing).await
    }
    .await;
    respond(result)
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Resolution {
    #[serde(default)]
    resolution: String,
}

#[derive(Serialize)]
struct Resolved {
    id: u64,
    resolved_at: String,
    resolution: String,
}

/// `POST /v1/admin/reports/<id>/resolve` with an optional
/// `{"resolution": "..."}` saying what was done.
pub async fn resolve(mut req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        let db = authorize(&req, &ctx.env)?;
        let id = id_param(&ctx, "report")?;
        let body = read_body(&mut req, MAX_REPORT_BYTES).await?;
        let resolution: Resolution = if body.iter().all(u8::is_ascii_whitespace) {
            Resolution::default()
        } else {
            serde_json::from_slice(&body).map_err(|e| {
                ApiError::BadBody(format!(
                    "send {{\"resolution\": \"what was done\"}} or nothing ({e})"
                ))
            })?
        };
        let resolution = plain_text(&resolution.resolution, MAX_DETAILS_CHARS, true);
        let (resolved_at, _) = now();
        if !reports::resolve(&db, id, &resolution, &resolved_at).await? {
            return Err(ApiError::NoSuch {
                what: "report",
                name: id.to_string(),
            });
        }
        Ok(Resolved {
            id,
            resolved_at,
            resolution,
        })
    }
    .await;
    respond(result)
}
