//! Who a department's or an item's mail goes to: a configured department
//! or 担当課 whose addresses are known, a division of the department's name,
//! else the planning section; and the name the department goes by in every
//! mail, digest row and count.

use super::config::{RecipientConfig, RemindConfig};
use super::reason::Route as RouteNote;
use super::recipients::Recipients;
use crate::model::{ActionItem, SheetReport};

/// Who a group of items goes to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Route {
    pub(crate) name: String,
    pub(crate) recipients: Recipients,
    /// The department whose addresses are used (a division without its own).
    pub(crate) via: Option<String>,
    /// No recipient on this day: the mail goes to the planning section.
    pub(crate) unknown: bool,
}

impl Route {
    /// Whose addresses the mail goes to, as its reason says.
    pub(crate) fn note(&self) -> RouteNote {
        match (&self.via, self.unknown) {
            (_, true) => RouteNote::Planning,
            (Some(via), false) => RouteNote::Via(via.clone()),
            (None, false) => RouteNote::Own,
        }
    }
}

/// The name a department's mail goes to: its configured name when a name or
/// alias of the configuration matches, else as the workbook writes it.
pub(crate) fn department_name(cfg: &RemindConfig, department: &str) -> String {
    department_route(cfg, department).name
}

/// The route of a configured recipient, when an address reaches it.
pub(crate) fn route_of(cfg: &RemindConfig, r: &RecipientConfig) -> Option<Route> {
    let addresses = cfg.addresses_of(r);
    (!addresses.recipients.to.is_empty()).then(|| Route {
        name: r.name.clone(),
        recipients: addresses.recipients,
        via: addresses.via,
        unknown: false,
    })
}

/// The planning section's addresses, as To.
pub(crate) fn planning(cfg: &RemindConfig) -> Recipients {
    Recipients {
        to: cfg.mail.planning.clone(),
        cc: Vec::new(),
    }
}

/// A name without a recipient: the planning section receives its mail.
pub(crate) fn planning_route(cfg: &RemindConfig, name: &str) -> Route {
    Route {
        name: name.trim().to_string(),
        recipients: planning(cfg),
        via: None,
        unknown: true,
    }
}

/// The route of a workbook's department: a configured department, else a
/// division of that name (a workbook kept by a 課), else the planning section.
pub(crate) fn department_route(cfg: &RemindConfig, name: &str) -> Route {
    let found = cfg
        .departments
        .iter()
        .find(|d| d.matches(name))
        .or_else(|| cfg.divisions.iter().find(|d| d.matches(name)));
    match found {
        Some(r) => route_of(cfg, r).unwrap_or_else(|| planning_route(cfg, &r.name)),
        None => planning_route(cfg, name),
    }
}

/// The routes of an item: its configured divisions (担当課) that an address
/// reaches, else its department.
pub(crate) fn item_routes(
    cfg: &RemindConfig,
    report: &SheetReport,
    item: &ActionItem,
) -> Vec<Route> {
    let mut divisions: Vec<Route> = Vec::new();
    for owner in &item.owners {
        if let Some(r) = cfg
            .divisions
            .iter()
            .find(|d| d.matches(owner))
            .and_then(|div| route_of(cfg, div))
            && !divisions.contains(&r)
        {
            divisions.push(r);
        }
    }
    if divisions.is_empty() {
        vec![department_route(cfg, &report.department)]
    } else {
        divisions
    }
}
