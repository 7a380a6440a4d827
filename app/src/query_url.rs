//! Search and filters in the address: read from the router's query map,
//! written back as a link that can be shared, reloaded and gone back to.

use lantern_core::search::query::Query;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// The finder's query as the address says (tracked).
pub fn use_url_query() -> Memo<Query> {
    let map = use_query_map();
    Memo::new(move |_| {
        map.with(|map| {
            Query::from_pairs(
                Query::KEYS
                    .iter()
                    .filter_map(|key| map.get_str(key).map(|value| (*key, value))),
            )
        })
    })
}

/// The finder's address for a query: `/?q=hope&d=monday`.
pub fn finder_href(query: &Query) -> String {
    let pairs: Vec<String> = query
        .to_pairs()
        .into_iter()
        .map(|(key, value)| {
            format!(
                "{key}={}",
                String::from(js_sys::encode_uri_component(&value))
            )
        })
        .collect();
    if pairs.is_empty() {
        "/".to_owned()
    } else {
        format!("/?{}", pairs.join("&"))
    }
}

/// Goes to a query. Typing replaces the current history entry (one entry
/// per search, not per keystroke); filters add one, so Back undoes them.
pub fn use_go_to_query() -> impl Fn(&Query, bool) + Clone {
    let navigate = use_navigate();
    move |query: &Query, replace: bool| {
        navigate(
            &finder_href(query),
            NavigateOptions {
                replace,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    }
}
