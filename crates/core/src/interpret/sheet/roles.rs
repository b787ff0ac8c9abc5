//! The roles of a table's columns, decided by words AND content: each
//! column's header words (the dictionary's evidence, a part of the year, a
//! report word) and what its cells hold ([`ColumnProfile`]) score every
//! role; the reading is the best assignment under the table's constraints —
//! exactly one item column, at most one column per other role, a goal and
//! the numbers left of the item, the item's further text right of it.
//!
//! Pure: evidence in, assignment out, with each column's score and
//! runner-up and the reading's confidence, so that `check` can show why.

pub(crate) use crate::model::{Confidence, Role};

use super::profile::ColumnProfile;

/// Roles that make a table one of items (beside the item column): what
/// a goal sheet states of its items and no other list does (a staff list
/// has names and divisions too).
fn is_item_level(role: Role) -> bool {
    matches!(
        role,
        Role::Deadline
            | Role::Target
            | Role::Interim
            | Role::YearEnd
            | Role::Achievement
            | Role::SelfAssessment
            | Role::Reason
            | Role::Detail
    )
}

/// Whether the columns right of the items are mostly figures (amounts,
/// counts, ratios): a table of figures, such as a list of budgets (the
/// columns left of it group or number the rows: 款 | 項 | 事業名). The
/// rows' own numbers are no figures, and who owns a row (担当課) is
/// neither for nor against.
fn is_table_of_figures(columns: &[ColumnEvidence], item: usize) -> bool {
    let numbers_rows = |at: usize, c: &ColumnEvidence| {
        c.words.get(Role::Number) >= 0.8
            || (at == 0 && c.profile.numbering_share() >= 0.8 && c.profile.distinct_share() >= 1.0)
    };
    let owners = |c: &ColumnEvidence| {
        c.profile.division_share() >= 0.8 || c.profile.department_share() >= 0.8
    };
    // A remark chosen from a few short words (新規 / 継続) says what kind a
    // row is: neither for nor against.
    let kinds = |c: &ColumnEvidence| {
        c.profile.values >= 3
            && c.profile.distinct * 2 <= c.profile.values
            && c.profile.mean_first_line() <= 4.0
    };
    let beside: Vec<&ColumnEvidence> = columns
        .iter()
        .enumerate()
        .filter(|&(at, c)| {
            at > item && c.profile.values > 0 && !numbers_rows(at, c) && !owners(c) && !kinds(c)
        })
        .map(|(_, c)| c)
        .collect();
    let figures = beside
        .iter()
        .filter(|c| c.profile.numeric_share().max(c.profile.percent_share()) >= 0.8)
        .count();
    figures > 0 && figures * 2 > beside.len()
}

/// Each column's role and score in one reading.
type Roles = Vec<Option<(Role, f32)>>;

/// The number of roles, [`Role::Extra`] and [`Role::ReportPeriod`] included.
const ROLES: usize = 16;

/// What the header words of one column say, per role, 0 … 1.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct WordEvidence {
    weights: [f32; ROLES],
    /// The header names results without a part of the year (報告, 実績):
    /// the interim or the year-end report by the order of such columns.
    pub unplaced_report: bool,
    /// The header names results without a part of the year, whatever
    /// else its words name (実施内容と成果).
    pub names_results: bool,
}

impl WordEvidence {
    pub(crate) fn add(&mut self, role: Role, weight: f32) {
        let w = &mut self.weights[role as usize];
        *w = w.max(weight);
    }

    pub(crate) fn get(&self, role: Role) -> f32 {
        self.weights[role as usize]
    }

    /// Whether the words name the interim or the year-end report at all.
    pub(crate) fn names_a_report(&self) -> bool {
        self.get(Role::Interim) > 0.0 || self.get(Role::YearEnd) > 0.0
    }

    /// Places a report its header names without a part of the year as
    /// `role`'s, as a header naming that part would (its sheet's name
    /// names it): `weight` for that report, none for the other.
    pub(crate) fn place_report(&mut self, role: Role, weight: f32) {
        let weight = weight.max(self.get(Role::Interim).max(self.get(Role::YearEnd)));
        self.weights[Role::Interim as usize] = 0.0;
        self.weights[Role::YearEnd as usize] = 0.0;
        self.weights[role as usize] = weight;
        self.unplaced_report = false;
    }

    /// The role the words name most strongly, if any.
    pub(crate) fn strongest(&self) -> Option<(Role, f32)> {
        Role::ASSIGNABLE
            .into_iter()
            .map(|r| (r, self.get(r)))
            .filter(|&(_, w)| w > 0.0)
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// One column of a table as the scoring sees it.
#[derive(Debug, Clone)]
pub(crate) struct ColumnEvidence {
    pub words: WordEvidence,
    pub profile: ColumnProfile,
    /// A role forced by the configuration or a remembered reading.
    pub forced: Option<Role>,
    /// Its heading is merged over other columns too (取組項目 over ① and
    /// the item's text): the words are no evidence against its own role.
    pub shared_heading: bool,
    /// Hidden on the sheet: what the department no longer reads (an old
    /// date beside the revised one, a helper column).
    pub hidden: bool,
}

impl ColumnEvidence {
    /// Whether no word of the dictionary and no configuration names the
    /// column's role.
    fn is_unnamed(&self) -> bool {
        self.forced.is_none() && self.words.strongest().is_none()
    }
}

/// The role chosen for one column, with its score and the next best role.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ColumnRole {
    pub role: Role,
    pub score: f32,
    pub runner_up: Option<(Role, f32)>,
}

/// The reading of a table's columns.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Assignment {
    pub columns: Vec<ColumnRole>,
    pub confidence: Confidence,
    /// The best reading with another item column: its item column and how
    /// far below it scored.
    pub runner_up: Option<(usize, f32)>,
    /// The reading's score: the sum of its columns' scores.
    pub total: f32,
}

impl Assignment {
    /// The column holding a role.
    pub(crate) fn column_of(&self, role: Role) -> Option<usize> {
        self.columns.iter().position(|c| c.role == role)
    }
}

/// How much the header words weigh against one content feature.
const WORD_WEIGHT: f32 = 2.5;
/// The least score that gives a column a role (else it is an extra).
const MIN_ROLE_SCORE: f32 = 0.9;
/// The least score of the item column.
const MIN_ITEM_SCORE: f32 = 1.0;
/// A forced role's score.
const FORCED: f32 = 10.0;
/// What a column's being hidden takes off its score for any role: more
/// than a header word's part (予定 in 当初予定) gives.
const HIDDEN: f32 = 1.5;

/// Each column's affinity for each assignable role, weighed once per
/// table; a score adds where the column stands to it.
struct Affinities {
    by_column: Vec<[f32; Role::ASSIGNABLE.len()]>,
    forced: Vec<bool>,
    /// Per column, whether it is a label of records written down a column
    /// whose words name a goal (項目 / ねらい / 期限 …): the records' aim may
    /// be labelled below their item, their order being no table's.
    aim_in_rows: Vec<bool>,
}

impl Affinities {
    fn new(columns: &[ColumnEvidence], labels_in_rows: bool) -> Self {
        Affinities {
            aim_in_rows: columns
                .iter()
                .map(|col| labels_in_rows && col.words.get(Role::Goal) >= 0.4)
                .collect(),
            by_column: columns
                .iter()
                .map(|col| {
                    let strongest = col.words.strongest();
                    Role::ASSIGNABLE.map(|role| affinity(col, role, strongest))
                })
                .collect(),
            forced: columns.iter().map(|col| col.forced.is_some()).collect(),
        }
    }

    /// The score of `role` for the column at `at`, given the item column's
    /// position `item` (none while the item column itself is scored).
    fn score(&self, role: Role, at: usize, item: Option<usize>) -> f32 {
        let Some(index) = Role::ASSIGNABLE.iter().position(|&r| r == role) else {
            return f32::NEG_INFINITY;
        };
        let affinity = self.by_column[at][index];
        if self.forced[at] {
            affinity
        } else {
            affinity + position(role, at, item, self.aim_in_rows[at])
        }
    }

    /// The score of `role` at `at` around the item column `item`.
    fn around(&self, role: Role, at: usize, item: usize) -> f32 {
        self.score(role, at, (role != Role::Item).then_some(item))
    }
}

/// What a column's words and cells say of a role, wherever it stands;
/// `strongest` is the role its words name most strongly.
fn affinity(col: &ColumnEvidence, role: Role, strongest: Option<(Role, f32)>) -> f32 {
    if let Some(forced) = col.forced {
        return if forced == role {
            FORCED
        } else {
            f32::NEG_INFINITY
        };
    }
    let p = &col.profile;
    // The item's further text and a reason are what their words say; no
    // content alone makes a column either.
    if matches!(role, Role::Detail | Role::Reason) && col.words.get(role) < 0.3 {
        return f32::NEG_INFINITY;
    }
    // A number column is a goal's number by where it stands.
    let word = match role {
        Role::GoalNumber => col.words.get(role).max(col.words.get(Role::Number)),
        _ => col.words.get(role),
    };
    let words = word * WORD_WEIGHT;
    // A word that names another role speaks against this one, a little.
    let elsewhere = strongest
        .filter(|&(r, w)| r != role && w >= 0.8 && word < 0.3 && !col.shared_heading)
        .map_or(0.0, |_| 0.6);
    // One row says little: content counts fully from two rows on.
    let reliability = ((p.rows + 2) as f32 / 4.0).min(1.0);
    let content = content_score(p, role, &col.words) * reliability;
    // A visible column of the role comes first; a hidden one takes a role
    // only no visible column holds.
    let hidden = if col.hidden && role != Role::Extra {
        HIDDEN
    } else {
        0.0
    };
    words + content - elsewhere - hidden
}

/// What where a column stands says of a role, given the item column's
/// position `item` (none while the item column itself is scored) and
/// whether the column is a records' aim labelled in rows (`aim_in_rows`).
fn position(role: Role, at: usize, item: Option<usize>, aim_in_rows: bool) -> f32 {
    match (role, item) {
        (Role::Item, _) | (_, None) => 0.0,
        // A record's aim may be labelled below its item (項目 / ねらい).
        (Role::Goal, Some(i)) if at > i && aim_in_rows => 0.0,
        (Role::Number | Role::Goal | Role::GoalNumber, Some(i)) if at >= i => f32::NEG_INFINITY,
        (Role::Number, Some(i)) => 0.3 - 0.1 * (i - at - 1) as f32,
        (Role::Detail, Some(i)) if at <= i => f32::NEG_INFINITY,
        (Role::Detail, Some(i)) => 0.2 - 0.2 * (at - i - 1) as f32,
        (Role::Interim | Role::YearEnd | Role::Deadline, Some(i)) if at < i => -0.6,
        // What the item aims at follows it; a 目標 before it heads its goal.
        (Role::Target, Some(i)) if at < i => -0.4,
        (Role::Interim | Role::YearEnd, Some(_)) => 0.2,
        _ => 0.0,
    }
}

/// Whether a column reads as items by its words or, with rows enough,
/// by its cells alone.
pub(crate) fn reads_as_items(column: &ColumnEvidence) -> bool {
    column.words.get(Role::Item) >= 0.5
        || (column.profile.rows >= 2
            && content_score(&column.profile, Role::Item, &column.words) >= 1.5)
}

/// What the cells say for a role.
fn content_score(p: &ColumnProfile, role: Role, words: &WordEvidence) -> f32 {
    if p.rows == 0 {
        // No body (a template not filled in): the words alone decide.
        return 0.0;
    }
    if p.is_empty() {
        // An empty column is a report not written yet, or nothing.
        return match role {
            Role::Interim | Role::YearEnd => 0.2,
            Role::Item | Role::Number | Role::Goal | Role::GoalNumber => -2.0,
            _ => 0.0,
        };
    }
    let text = p.text_share();
    let filled = p.filled().min(1.0);
    // What items are not; a chosen mark (○) counts once, as a grade, a
    // status or a schedule's mark. A mark is chosen from a few only where
    // there are values to choose among: one value alone shows no choice.
    let mark = if p.values >= 2 { p.mark_share() } else { 0.0 };
    let chosen = p.grade_share().max(p.status_share()).max(mark);
    let unlike_items = p.deadline_share()
        + p.division_share()
        + p.department_share()
        + p.percent_share()
        + p.numbering_share()
        + chosen;
    match role {
        Role::Item => {
            let len = p.mean_first_line();
            // A column of a character or two a row chosen from a few
            // (出, 欠, 代理, 出), or of one character a row (火, 日, 金), is
            // marks, no phrases of work; short names each of its own
            // (略称) may still be items.
            let fits = if (4.0..=70.0).contains(&len) {
                0.4
            } else if p.texts >= 2 && (len <= 1.0 || len <= 2.0 && p.distinct_share() < 1.0) {
                -1.0
            } else {
                0.0
            };
            // Rows under a merged or once-written value would have no item
            // of their own: such a column groups the items, it is none.
            let lost = (p.merged_down + p.blank_under) as f32 / p.rows as f32;
            // Items are phrases in Japanese, not codes (`共-3` is one, its
            // kanji a department's letter) or names in Latin.
            let phrases = (text - p.numbering_share()).max(0.0);
            1.2 * phrases * filled * p.japanese_share()
                + 0.5 * p.marker_share()
                + 0.3 * p.distinct_share()
                + fits
                - 1.5 * p.grouping()
                - 2.5 * lost
                - 1.6 * unlike_items
                - 0.6 * p.past_share()
                // Items are work to be done, not the people on a roster
                // nor the bodies a register deals with.
                - 2.0 * p.person_name_share()
                - 2.0 * p.outside_body_share()
        }
        Role::Detail => {
            0.6 * text * filled + 0.6 * p.sentence_share() - 1.2 * unlike_items - p.grouping()
        }
        Role::Goal => {
            if p.rows <= 2 && p.merged_down == 0 {
                // Too few rows to see a grouping, unless a value is merged
                // down over the next row: the words decide.
                0.0
            } else if p.grouping() < 0.2 {
                // One item per goal shows no grouping: the words decide.
                -0.1
            } else {
                2.0 * p.grouping() * p.prose_share() + 0.2 - unlike_items
            }
        }
        Role::GoalNumber => 1.2 * p.numbering_share() * p.grouping() - 0.3,
        Role::Number => 2.0 * p.numbering_share() - 0.6 - p.grouping(),
        Role::Deadline => 2.2 * p.deadline_share() - 0.4 * p.past_share() - 0.3,
        Role::Interim | Role::YearEnd => {
            let period = words.get(Role::Interim).max(words.get(Role::YearEnd)) > 0.0;
            // A status chosen for each item (完了, 実施中) reports; one word
            // put on every filled row (済), chosen among none, checks the
            // row off.
            let checked_off = p.values >= 2 && p.distinct == 1;
            let chosen = if period && !checked_off {
                0.6 * (p.status_share() + p.grade_share())
            } else {
                0.0
            };
            0.7 * p.past_share() + 0.3 * p.sentence_share() + chosen
                - 0.8 * (p.deadline_share() + p.division_share() + p.numbering_share())
                - p.repetition()
        }
        // A target is the item's own: one repeated down the rows is more
        // likely their goal.
        Role::Target => 0.7 * p.quantity_share() - 0.6 * p.deadline_share() - 1.5 * p.repetition(),
        Role::Achievement => 2.2 * p.percent_share() - 0.5,
        Role::SelfAssessment => 2.0 * p.grade_share() - 0.5,
        Role::Owner => 2.2 * p.division_share() - 0.5,
        // Divisions named alone (人事課) are owners, whatever the header.
        Role::Department => {
            2.2 * p.department_share() + 0.3 * p.grouping() - 0.5 - 1.6 * p.division_alone_share()
        }
        Role::Reason => -0.2,
        Role::Extra | Role::ReportPeriod => 0.0,
    }
}

/// The best assignment of roles to a table's columns, or none when no
/// column reads as the items of a table of items. A schedule grid's month
/// columns (`scheduled`) say when each item runs: they make a table of
/// items as a deadline column does. The columns of records read across
/// (`labels_in_rows`) are labels written down a column, in no table's
/// order: a goal labelled below the item may be its goal.
pub(crate) fn assign(
    columns: &[ColumnEvidence],
    scheduled: bool,
    labels_in_rows: bool,
) -> Option<Assignment> {
    let affinities = Affinities::new(columns, labels_in_rows);
    let mut readings: Vec<(usize, f32, Roles)> = Vec::new();
    for item in 0..columns.len() {
        let item_score = affinities.score(Role::Item, item, None);
        if item_score < MIN_ITEM_SCORE {
            continue;
        }
        let (total, roles) = assign_around(columns, &affinities, item, item_score);
        readings.push((item, total, roles));
    }
    readings.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let goal_against_words = goal_left_of_its_items(columns, &affinities, &mut readings);
    let report_margin = report_margin(&readings);
    let mut readings = readings.into_iter();
    let (item, total, mut roles) = readings.next()?;
    leave_entry_dates(columns, &mut roles);
    if lists_dated_events(columns, &roles, item)
        || lists_people(columns, &roles)
        || lists_dealings(columns, item)
    {
        return None;
    }
    let runner_up = readings.next().map(|(i, t, _)| (i, total - t));
    // A table of items states more of them than who owns them, unless its
    // item column's header says so or the configuration maps it (and the
    // rest is no table of figures, where 事業名 names budget lines). In a
    // table of figures (予算額 | 前年度比 | 増減) only a header word or the
    // configuration makes a column a role of items: a percentage there is
    // a ratio more than an achievement.
    let named = columns[item].words.get(Role::Item) >= 0.8 || columns[item].forced.is_some();
    let figures = is_table_of_figures(columns, item);
    if !scheduled
        && !roles.iter().enumerate().any(|(at, r)| {
            r.is_some_and(|(r, _)| {
                (is_item_level(r)
                    && (!figures
                        || columns[at].words.get(r) >= 0.8
                        || columns[at].forced.is_some()))
                    || (named && !figures && matches!(r, Role::Owner | Role::Department))
            })
        })
    {
        return None;
    }
    // With no header word behind any role, the cells must say it clearly:
    // rows enough to tell a column's kind, and a role of items that the
    // content alone gives.
    let worded = roles.iter().enumerate().any(|(at, r)| {
        r.is_some_and(|(role, _)| {
            columns[at].words.get(role) >= 0.4 || columns[at].forced.is_some()
        })
    });
    if !worded {
        let rows = columns[item].profile.rows;
        let clear = roles.iter().enumerate().any(|(at, r)| {
            r.is_some_and(|(role, _)| {
                is_item_level(role)
                    && content_score(&columns[at].profile, role, &columns[at].words) >= 1.0
            })
        });
        if rows < 2 || !clear {
            return None;
        }
    }
    let columns_out: Vec<ColumnRole> = roles
        .iter()
        .enumerate()
        .map(|(at, chosen)| {
            let (role, score) = chosen.unwrap_or((Role::Extra, 0.0));
            let runner_up = Role::ASSIGNABLE
                .into_iter()
                .filter(|&r| r != role)
                .map(|r| (r, affinities.around(r, at, item)))
                .filter(|(_, s)| s.is_finite() && *s > 0.0)
                .max_by(|a, b| a.1.total_cmp(&b.1));
            ColumnRole {
                role,
                score,
                runner_up,
            }
        })
        .collect();
    let item_words = columns[item].words.get(Role::Item);
    let margin = runner_up.map_or(f32::INFINITY, |(_, m)| m);
    // A column given, for want of a better, a role it fits weakly (no
    // header word behind it) and less than another role is read by
    // elimination.
    let by_elimination = columns_out.iter().any(|c| {
        c.role != Role::Extra
            && c.score < 0.8 * WORD_WEIGHT
            && c.runner_up.is_some_and(|(_, s)| s > c.score)
    });
    let confidence = if columns.iter().any(|c| c.forced.is_some()) {
        Confidence::High
    } else if by_elimination {
        if margin >= 0.8 || item_words >= 0.8 {
            Confidence::Medium
        } else {
            Confidence::Low
        }
    } else if !worded {
        if margin >= 2.5 {
            Confidence::Medium
        } else {
            Confidence::Low
        }
    } else if (item_words >= 0.8 && margin >= 1.0) || margin >= 2.5 {
        Confidence::High
    } else if margin >= 0.8 || item_words >= 0.8 {
        Confidence::Medium
    } else {
        Confidence::Low
    };
    // A doubt only about which column titles the items, every reading
    // near the best asking the same report cells (重点目標 | 目標 over
    // measures, 取組 | 取組の到達点), is no doubt about what the mails ask:
    // no reading that asks other cells comes near. Worded report columns
    // read so by their own evidence, not for want of a better.
    let reports_sure = report_margin >= 0.8
        && columns_out
            .iter()
            .any(|c| matches!(c.role, Role::Interim | Role::YearEnd))
        && !columns_out.iter().any(|c| {
            matches!(c.role, Role::Interim | Role::YearEnd)
                && c.score < 0.8 * WORD_WEIGHT
                && c.runner_up.is_some_and(|(_, s)| s > c.score)
        });
    let confidence = if confidence == Confidence::Low && worded && reports_sure {
        Confidence::Medium
    } else {
        confidence
    };
    // A report read as one period as well as the other is a guess about
    // what the mails are made of: never read as sure.
    // So is a goal read against its header's words.
    let confidence = if confidence == Confidence::High
        && (doubtful_reports(&columns_out) || goal_against_words)
    {
        Confidence::Medium
    } else {
        confidence
    };
    Some(Assignment {
        columns: columns_out,
        confidence,
        runner_up,
        total,
    })
}

/// How far below the best reading (the first) the best one scores that
/// reads other columns as the reports, or reads them as other periods;
/// infinite when none does.
fn report_margin(readings: &[(usize, f32, Roles)]) -> f32 {
    let reports = |roles: &Roles| -> Vec<(usize, Role)> {
        roles
            .iter()
            .enumerate()
            .filter_map(|(at, r)| match r {
                Some((role @ (Role::Interim | Role::YearEnd), _)) => Some((at, *role)),
                _ => None,
            })
            .collect()
    };
    let Some((_, total, best)) = readings.first() else {
        return f32::INFINITY;
    };
    let asked = reports(best);
    readings
        .iter()
        .skip(1)
        .find(|(_, _, roles)| reports(roles) != asked)
        .map_or(f32::INFINITY, |(_, t, _)| total - t)
}

/// Two columns side by side whose headers both name items (運営目標 |
/// 取組): the left one, its texts shorter than the right one's and some
/// of them repeated, is the goal of the items the right one holds. The
/// reading around the right one goes first, the left one its goal, and the
/// reading with the left one as the items is dropped; whether it did.
fn goal_left_of_its_items(
    columns: &[ColumnEvidence],
    affinities: &Affinities,
    readings: &mut Vec<(usize, f32, Roles)>,
) -> bool {
    let Some(&(left, _, ref roles)) = readings.first() else {
        return false;
    };
    let right = left + 1;
    let named = |at: usize, weight: f32| {
        columns[at].words.get(Role::Item) >= weight && columns[at].forced.is_none()
    };
    let (Some(l), Some(r)) = (columns.get(left), columns.get(right)) else {
        return false;
    };
    let (short, long) = (l.profile.mean_first_line(), r.profile.mean_first_line());
    // Short names over phrases of work, one each (救急体制 | 救急安心セ
    // ンターの運用への参加準備), under a header no word names.
    let headings = short <= 5.0
        && long >= 8.0
        && long >= 2.0 * short
        && r.words.get(Role::Detail) < 0.4
        && r.forced.is_none();
    let goal_like = (l.profile.distinct < l.profile.values && short < long || headings)
        && r.profile.distinct == r.profile.values;
    // The right one's header may name items weakly (取組, 内容).
    let right_unread = matches!(roles[right], None | Some((Role::Detail, _)));
    // Short names over phrases are headings even where their header names
    // items weakly (重点項目).
    let left_named = named(left, if headings { 0.4 } else { 0.8 });
    if !left_named || !(named(right, 0.4) || headings) || !right_unread || !goal_like {
        return false;
    }
    let Some(at) = readings.iter().position(|(item, _, _)| *item == right) else {
        return false;
    };
    if readings[at].2[left].is_some() {
        return false;
    }
    let (item, total, mut roles) = readings.remove(at);
    // What names the left column an item names it the items' heading: the
    // reading with it as the items is none.
    let goal = affinities.score(Role::Item, left, None).max(0.0);
    roles[left] = Some((Role::Goal, goal));
    readings.retain(|(i, _, _)| *i != left);
    readings.insert(0, (item, total + goal, roles));
    true
}

/// Whether a reading is a list of people (所属 | 職名 | 氏名 | 出欠), a
/// roster rather than a table of items: a column of people's names, and
/// no header naming a deadline, a report, a target or an achievement
/// (marks of attendance read as grades are no such thing).
fn lists_people(columns: &[ColumnEvidence], roles: &Roles) -> bool {
    let names_people = columns
        .iter()
        .any(|c| c.profile.values >= 2 && c.profile.person_name_share() >= 0.6);
    let states_work = roles.iter().enumerate().any(|(at, r)| {
        r.is_some_and(|(role, _)| {
            matches!(
                role,
                Role::Deadline | Role::Interim | Role::YearEnd | Role::Target | Role::Achievement
            ) && (columns[at].words.get(role) >= 0.8 || columns[at].forced.is_some())
        })
    });
    names_people && !states_work
}

/// Whether a reading is a register of dealings with bodies outside the
/// city hall (団体名 | 事業名 | 交付決定額, 件名 | 契約相手方 | 契約金額):
/// a column naming such a body on nearly every row, and, beside the items,
/// a column of sums of money. What such a register asks of its rows (a
/// 実績報告 by a date) is the other party's duty, not a goal's report. A
/// mapping in the configuration reads it still.
fn lists_dealings(columns: &[ColumnEvidence], item: usize) -> bool {
    let beside = |at: usize| at != item;
    let bodies = columns
        .iter()
        .any(|c| c.profile.values >= 2 && c.profile.outside_body_share() >= 0.6);
    let sums = columns.iter().enumerate().any(|(at, c)| {
        beside(at)
            && c.profile.values >= 2
            && c.profile.amount_share() >= 0.8
            && c.profile.serial_days < c.profile.values
    });
    let configured = columns.iter().any(|c| c.forced.is_some());
    bodies && sums && !configured
}

/// Whether a reading is a list of dated events (予定日 | 行事 | 担当課), a
/// calendar rather than a table of items: its date comes before the item,
/// and it states nothing else a goal sheet states of its items (no report,
/// target, achievement or goal), by words or content alone.
fn lists_dated_events(columns: &[ColumnEvidence], roles: &Roles, item: usize) -> bool {
    let role_at = |at: usize| roles.get(at).copied().flatten().map(|(r, _)| r);
    // The date first: a deadline, or a column of dates no role took (開催日
    // before 議題, where the next meeting's date took the deadline).
    let date_first = (0..item).any(|at| {
        role_at(at) == Some(Role::Deadline)
            || role_at(at).is_none() && columns[at].profile.deadline_share() >= 0.8
    });
    let states_more = (0..roles.len()).any(|at| {
        matches!(
            role_at(at),
            Some(
                Role::Interim
                    | Role::YearEnd
                    | Role::Target
                    | Role::Achievement
                    | Role::SelfAssessment
                    | Role::Goal
                    | Role::GoalNumber
                    | Role::Detail
                    | Role::Reason
            )
        )
    });
    let configured = columns.iter().any(|c| c.forced.is_some());
    date_first && !states_more && !configured
}

/// A column of one date on every row right of the reports (最終更新 |
/// 2026/10/19), its header no word of deadlines: the day the reports were
/// written, no deadline of the items.
fn leave_entry_dates(columns: &[ColumnEvidence], roles: &mut Roles) {
    let is_report = |r: &Option<(Role, f32)>| matches!(r, Some((Role::Interim | Role::YearEnd, _)));
    let Some(last_report) = roles.iter().rposition(is_report) else {
        return;
    };
    for at in last_report + 1..roles.len() {
        let c = &columns[at];
        if matches!(roles[at], Some((Role::Deadline, _)))
            && c.forced.is_none()
            && c.words.get(Role::Deadline) < 0.8
            && c.profile.values >= 2
            && c.profile.distinct == 1
        {
            roles[at] = None;
        }
    }
}

/// Whether a reading's reports are doubtful: a report column that fits
/// the other part of the year as well as its own.
fn doubtful_reports(read: &[ColumnRole]) -> bool {
    const REPORTS: [Role; 2] = [Role::Interim, Role::YearEnd];
    read.iter().any(|c| {
        REPORTS.contains(&c.role)
            && c.runner_up
                .is_some_and(|(r, s)| REPORTS.contains(&r) && (c.score - s).abs() < 0.05)
    })
}

/// The least share of measures that makes a column the target beside
/// items that state none.
const MEASURES: f32 = 0.6;
/// The most share of measures a column of items holds beside them.
const ITEM_MEASURES: f32 = 0.2;

/// Goals beside how they are measured (目標 | 達成基準, 目標 | 指標), with
/// no column of items besides: the column whose cells are measures
/// (numbers, `80%`, `年12回`, `30団体`) is the target and the other the
/// items, unless a header word names that column as the items. Returns whether the two were
/// exchanged.
pub(crate) fn measures_as_target(columns: &[ColumnEvidence], assignment: &mut Assignment) -> bool {
    let (Some(item), Some(target)) = (
        assignment.column_of(Role::Item),
        assignment.column_of(Role::Target),
    ) else {
        return false;
    };
    // A header naming the items (取組項目) is no measure's, whatever they hold.
    let forced = columns[item].forced.is_some()
        || columns[target].forced.is_some()
        || columns[item].words.get(Role::Item) >= 0.8;
    let measured = |at: usize| columns[at].profile.measure_share();
    if forced || measured(item) < MEASURES || measured(target) > ITEM_MEASURES {
        return false;
    }
    for (at, role) in [(item, Role::Target), (target, Role::Item)] {
        let column = &mut assignment.columns[at];
        column.runner_up = Some((column.role, column.score));
        column.role = role;
    }
    true
}

/// An item column merged down (or written once) over the rows of a
/// detail column beside it that holds a value of its own on every row
/// (運営目標 merged over three rows | 取組内容 one a row), with no goal
/// column: the detail column is the items and the grouping column their
/// goals. A detail is the rest of one item's text, never several items'
/// under one title. Returns whether the two were exchanged.
pub(crate) fn grouped_items_over_details(
    columns: &[ColumnEvidence],
    assignment: &mut Assignment,
) -> bool {
    let (Some(item), Some(detail)) = (
        assignment.column_of(Role::Item),
        assignment.column_of(Role::Detail),
    ) else {
        return false;
    };
    if assignment.column_of(Role::Goal).is_some()
        || columns[item].forced.is_some()
        || columns[detail].forced.is_some()
    {
        return false;
    }
    let (grouped, each) = (&columns[item].profile, &columns[detail].profile);
    // The detail column fills the rows the item column's values are
    // merged or written once over, and so does each item's own field
    // (its deadline, its reports, its owner): each row is an item.
    let fills_the_group = each.merged_down == 0
        && grouped.merged_down + grouped.blank_under > 0
        && each.values >= grouped.values + grouped.merged_down
        && each.values > grouped.values;
    let rows_of_their_own = assignment
        .columns
        .iter()
        .zip(columns)
        .filter(|(c, _)| {
            matches!(
                c.role,
                Role::Deadline | Role::Interim | Role::YearEnd | Role::Owner
            )
        })
        .any(|(_, e)| e.profile.merged_down == 0 && e.profile.values > grouped.values);
    if !fills_the_group || !rows_of_their_own {
        return false;
    }
    let affinities = Affinities::new(columns, false);
    for (at, role) in [(item, Role::Goal), (detail, Role::Item)] {
        let column = &mut assignment.columns[at];
        column.runner_up = Some((column.role, column.score));
        column.role = role;
        column.score = affinities.around(role, at, detail);
    }
    true
}

/// Whether a reading is the key of a grading (区分 | 内容 over `A | 目標を
/// 達成した`, `B | 概ね達成した` …, under a table whose 達成度 is graded so):
/// its one role of items besides the items a grade, every row holding a
/// code of a character or two, each a different one. Grades given to
/// items come again or are left blank; a key names each once.
pub(crate) fn keys_grades(columns: &[ColumnEvidence], assignment: &Assignment) -> bool {
    /// The fewest codes a key lists.
    const MIN_CODES: u32 = 3;
    let states: Vec<usize> = assignment
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| is_item_level(c.role))
        .map(|(at, _)| at)
        .collect();
    let [grades] = states[..] else {
        return false;
    };
    let p = &columns[grades].profile;
    matches!(
        assignment.columns[grades].role,
        Role::SelfAssessment | Role::Achievement
    ) && columns[grades].forced.is_none()
        && p.values >= MIN_CODES
        && p.values == p.rows
        && p.distinct == p.values
        && p.mean_first_line() <= 2.0
}

/// A goal column whose values are merged down over their rows as a report
/// column's are (取組 merged over three rows of 指標 | 目標値, 上半期の実施状況
/// merged over the same three rows): each report belongs to the merged
/// value, so that value is the item and the column beside it an extra
/// field of it (the indicators it is measured by). `merged_as_reports` tells whether
/// the goal column is merged so ([`super::SheetView::merged_alike`]).
pub(crate) fn items_merged_as_their_reports(
    columns: &[ColumnEvidence],
    assignment: &mut Assignment,
    merged_as_reports: impl FnOnce(usize) -> bool,
) -> bool {
    let (Some(goal), Some(item)) = (
        assignment.column_of(Role::Goal),
        assignment.column_of(Role::Item),
    ) else {
        return false;
    };
    if columns[goal].forced.is_some()
        || columns[item].forced.is_some()
        || columns[goal].profile.merged_down == 0
        || !merged_as_reports(goal)
    {
        return false;
    }
    give_roles(
        columns,
        assignment,
        [(goal, Role::Item), (item, Role::Extra)],
        goal,
    );
    true
}

/// Gives each column of `roles` its role, the role it had kept as the
/// runner-up, scored around the new item column `item` (an extra field
/// scores nothing).
fn give_roles(
    columns: &[ColumnEvidence],
    assignment: &mut Assignment,
    roles: [(usize, Role); 2],
    item: usize,
) {
    let affinities = Affinities::new(columns, false);
    for (at, role) in roles {
        let column = &mut assignment.columns[at];
        column.runner_up = Some((column.role, column.score));
        column.role = role;
        column.score = if role == Role::Extra {
            0.0
        } else {
            affinities.around(role, at, item)
        };
    }
}

/// The column just left of the items that no role took, its heading
/// leaning to an item too (`取組 | 実施内容`, `事業 | 取組内容`), holding a
/// Japanese text of its own on every row the items fill, each different,
/// and no more sentences than the items: an item is written name first,
/// so that column holds the items' titles and the column read as the items
/// their further text (a detail where its words allow, else an extra
/// field). Returns whether the two were exchanged.
pub(crate) fn titles_before_contents(
    columns: &[ColumnEvidence],
    assignment: &mut Assignment,
) -> bool {
    let Some(item) = assignment.column_of(Role::Item) else {
        return false;
    };
    let Some(title) = item.checked_sub(1) else {
        return false;
    };
    let (left, right) = (&columns[title], &columns[item]);
    if assignment.columns[title].role != Role::Extra
        || left.forced.is_some()
        || right.forced.is_some()
        || left.hidden
        || left.words.get(Role::Item) <= 0.0
    {
        return false;
    }
    let (names, contents) = (&left.profile, &right.profile);
    let own_rows = names.merged_down == 0
        && names.blank_under == 0
        && names.values >= contents.values
        && names.distinct == names.values
        && names.texts == names.values
        && names.japanese == names.texts;
    if !own_rows || names.sentences > contents.sentences || names.past_tense > 0 {
        return false;
    }
    let further = if right.words.get(Role::Detail) >= 0.3 {
        Role::Detail
    } else {
        Role::Extra
    };
    give_roles(
        columns,
        assignment,
        [(title, Role::Item), (item, further)],
        title,
    );
    true
}

/// A second deadline column (当初期限 | 変更後期限, 予定 | 見直し後): a
/// visible column right of the items, besides the deadline column, that
/// fits a deadline at least as a role and better than the role it was
/// given. The later of the two (the one to the right) becomes the
/// deadline; the other is kept as what was first planned (an extra
/// field, and the deadline of a row whose later cell is blank). Returns
/// the first column's index.
pub(crate) fn revise_deadline(
    columns: &[ColumnEvidence],
    assignment: &mut Assignment,
) -> Option<usize> {
    let deadline = assignment.column_of(Role::Deadline)?;
    let item = assignment.column_of(Role::Item)?;
    if columns[deadline].forced.is_some() {
        return None;
    }
    let affinities = Affinities::new(columns, false);
    let fits = |at: usize| affinities.around(Role::Deadline, at, item);
    let other = (item + 1..columns.len())
        .filter(|&at| at != deadline && !columns[at].hidden && columns[at].forced.is_none())
        .filter(|&at| {
            let given = &assignment.columns[at];
            matches!(
                given.role,
                Role::Extra | Role::Interim | Role::YearEnd | Role::Target | Role::Detail
            ) && fits(at) >= MIN_ROLE_SCORE
                && fits(at) > given.score
        })
        .min_by_key(|&at| at.abs_diff(deadline))?;
    let (first, later) = if other > deadline {
        (deadline, other)
    } else {
        (other, deadline)
    };
    let first_fit = fits(first);
    let later_fit = fits(later);
    let later_role = &mut assignment.columns[later];
    let was = (later_role.role != Role::Deadline && later_role.role != Role::Extra)
        .then_some((later_role.role, later_role.score));
    later_role.role = Role::Deadline;
    later_role.score = later_fit;
    later_role.runner_up = was.or(later_role.runner_up.filter(|(r, _)| *r != Role::Deadline));
    let first_role = &mut assignment.columns[first];
    first_role.role = Role::Extra;
    first_role.score = 0.0;
    first_role.runner_up = Some((Role::Deadline, first_fit));
    Some(first)
}

/// The least share of a column's values that tell of what was done (past
/// tense) or are sentences, as reports are, for it to be the year-end
/// report after the interim one.
const DONE: f32 = 0.5;

/// The year-end report after the interim one: where the interim report
/// is read and no year-end report is, the first column right of the
/// interim one, given no role, whose header names no other role and
/// whose values tell of what was done, as reports do, or wait to be
/// written (`（記入してください）`) (`年度を終えて`, `年度総括`: the second
/// report of the year). A report found by its place
/// alone is never read as sure: the reading is at most 中. Returns its
/// index.
pub(crate) fn year_end_after_interim(
    columns: &[ColumnEvidence],
    assignment: &mut Assignment,
) -> Option<usize> {
    let interim = assignment.column_of(Role::Interim)?;
    let item = assignment.column_of(Role::Item)?;
    if assignment.column_of(Role::YearEnd).is_some() || columns[interim].forced.is_some() {
        return None;
    }
    let affinities = Affinities::new(columns, false);
    let at = (interim + 1..columns.len())
        .find(|&at| assignment.columns[at].role == Role::Extra && columns[at].profile.values > 0)?;
    let c = &columns[at];
    let reports = c.forced.is_none()
        && !c.hidden
        && c.words.strongest().is_none_or(|(_, w)| w < 0.8)
        && c.profile.report_share() >= DONE;
    if !reports {
        return None;
    }
    let score = affinities.around(Role::YearEnd, at, item);
    if score <= 0.0 {
        return None;
    }
    let column = &mut assignment.columns[at];
    column.runner_up = Some((column.role, column.score));
    column.role = Role::YearEnd;
    column.score = score;
    if assignment.confidence == Confidence::High {
        assignment.confidence = Confidence::Medium;
    }
    Some(at)
}

/// Each column's best role regardless of the table's constraints, each
/// role at most once, best scores first: what a region that is no table
/// of items would have been read as (for `check --propose` to offer).
pub(crate) fn best_guess(columns: &[ColumnEvidence]) -> Assignment {
    let affinities = Affinities::new(columns, false);
    let mut candidates: Vec<(f32, usize, Role)> = Vec::new();
    for at in 0..columns.len() {
        for role in Role::ASSIGNABLE {
            let s = affinities.score(role, at, None);
            if s.is_finite() && s > 0.0 {
                candidates.push((s, at, role));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut roles: Roles = vec![None; columns.len()];
    for (s, at, role) in candidates {
        if roles[at].is_none() && !roles.iter().flatten().any(|(r, _)| *r == role) {
            roles[at] = Some((role, s));
        }
    }
    let total = roles.iter().flatten().map(|(_, s)| s).sum();
    Assignment {
        columns: roles
            .into_iter()
            .map(|chosen| {
                let (role, score) = chosen.unwrap_or((Role::Extra, 0.0));
                ColumnRole {
                    role,
                    score,
                    runner_up: None,
                }
            })
            .collect(),
        confidence: Confidence::Low,
        runner_up: None,
        total,
    }
}

/// The other roles around an item column, greedily by score (each role
/// and each column once): the total score and each column's role.
fn assign_around(
    columns: &[ColumnEvidence],
    affinities: &Affinities,
    item: usize,
    item_score: f32,
) -> (f32, Roles) {
    let mut candidates: Vec<(f32, usize, Role)> = Vec::new();
    for at in 0..columns.len() {
        if at == item {
            continue;
        }
        for role in Role::ASSIGNABLE {
            if role == Role::Item {
                continue;
            }
            let s = affinities.around(role, at, item);
            if s >= MIN_ROLE_SCORE {
                candidates.push((s, at, role));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut roles: Roles = vec![None; columns.len()];
    roles[item] = Some((Role::Item, item_score));
    let mut total = item_score;
    for (s, at, role) in candidates {
        if roles[at].is_some() || roles.iter().flatten().any(|(r, _)| *r == role) {
            continue;
        }
        // A goal's number sits left of its goal.
        if role == Role::GoalNumber && column_with(&roles, Role::Goal).is_some_and(|g| at >= g) {
            continue;
        }
        roles[at] = Some((role, s));
        total += s;
    }
    place_unplaced_reports(columns, &mut roles);
    total += place_report_beside_its_pair(columns, affinities, item, &mut roles);
    total += place_unnamed_report_pair(columns, affinities, item, &mut roles);
    total += reports_in_the_years_order(columns, affinities, item, &mut roles);
    for role in [Role::Interim, Role::YearEnd] {
        total += report_text_beside_its_mark(columns, affinities, item, role, &mut roles);
    }
    total += year_end_over_few_dates(columns, affinities, item, &mut roles);
    (total, roles)
}

/// A column right of the interim report, its words naming the year-end
/// report more than a deadline, taken as the deadlines by a date in the
/// few cells written so far (年度末のまとめ | 8月で終了, one row of six): the
/// year-end report, written in turn as reports are. A plan's deadlines
/// are written with it. The change it makes to the reading's score.
fn year_end_over_few_dates(
    columns: &[ColumnEvidence],
    affinities: &Affinities,
    item: usize,
    roles: &mut [Option<(Role, f32)>],
) -> f32 {
    let (Some(interim), None, Some(at)) = (
        column_with(roles, Role::Interim),
        column_with(roles, Role::YearEnd),
        column_with(roles, Role::Deadline),
    ) else {
        return 0.0;
    };
    let c = &columns[at];
    if at <= interim
        || c.forced.is_some()
        || c.words.get(Role::YearEnd) <= c.words.get(Role::Deadline)
        || c.profile.filled() >= 0.5
    {
        return 0.0;
    }
    let before = roles[at].map_or(0.0, |(_, s)| s);
    let score = affinities.around(Role::YearEnd, at, item).max(0.0);
    roles[at] = Some((Role::YearEnd, score));
    score - before
}

/// The two last columns of a table with no report (but for its owner's
/// column), under words no dictionary holds (秋の時点 | 年度おわり): the
/// interim and the year-end report, when both read as reports (no dates, names or numbers), the
/// first holds texts, and the second is emptier than the first, as
/// reports are written in turn (columns of a plan are written whole). The
/// score it adds to the reading.
fn place_unnamed_report_pair(
    columns: &[ColumnEvidence],
    affinities: &Affinities,
    item: usize,
    roles: &mut [Option<(Role, f32)>],
) -> f32 {
    let is_report = |at: usize| matches!(roles[at], Some((Role::Interim | Role::YearEnd, _)));
    // Who owns the item (担当, 担当課) may follow the reports.
    let end = (0..columns.len())
        .rev()
        .find(|&at| !matches!(roles[at], Some((Role::Owner | Role::Department, _))))
        .map_or(0, |at| at + 1);
    let Some(first) = end.checked_sub(2) else {
        return 0.0;
    };
    let second = first + 1;
    // A report placed elsewhere leaves these two alone; one placed on them
    // by their content alone is placed again, as a pair.
    let reported_elsewhere =
        (0..columns.len()).any(|at| at != first && at != second && is_report(at));
    if reported_elsewhere || first <= item {
        return 0.0;
    }
    let unnamed = |at: usize| (roles[at].is_none() || is_report(at)) && columns[at].is_unnamed();
    // Texts a report holds: phrases, which may name a month, not columns
    // of dates, units, people or codes.
    let reads_as_report = |p: &ColumnProfile| {
        p.is_empty()
            || (p.prose_share() >= 0.8
                && p.mean_first_line() >= 3.0
                && p.deadline_share() <= 0.5
                && p.division_share() + p.department_share() <= 0.5
                && p.person_name_share() == 0.0)
    };
    let (earlier, later) = (&columns[first].profile, &columns[second].profile);
    // A column written in sections per half holds both reports itself.
    if earlier.halves_share() >= 0.5 {
        return 0.0;
    }
    if !unnamed(first)
        || !unnamed(second)
        || earlier.is_empty()
        || !reads_as_report(earlier)
        || !reads_as_report(later)
        || later.filled() >= earlier.filled()
    {
        return 0.0;
    }
    let placed_before: f32 = [first, second]
        .iter()
        .filter_map(|&at| roles[at].map(|(_, s)| s))
        .sum();
    let interim = affinities.around(Role::Interim, first, item).max(0.0);
    let year_end = affinities.around(Role::YearEnd, second, item).max(0.0);
    roles[first] = Some((Role::Interim, interim));
    roles[second] = Some((Role::YearEnd, year_end));
    interim + year_end - placed_before
}

/// How much the order of the year counts for two reports: the interim
/// written before the year-end.
const YEARS_ORDER: f32 = 0.3;

/// Two reports read against the order of the year (the year-end's column
/// or label before the interim's) on words that barely tell them apart
/// (`◆ 折り返し時点の振り返り` before `◆ 年度を締めくくって`): swapped when
/// the order outweighs the difference. The change it makes to the
/// reading's score.
fn reports_in_the_years_order(
    columns: &[ColumnEvidence],
    affinities: &Affinities,
    item: usize,
    roles: &mut [Option<(Role, f32)>],
) -> f32 {
    let (Some(interim), Some(year_end)) = (
        column_with(roles, Role::Interim),
        column_with(roles, Role::YearEnd),
    ) else {
        return 0.0;
    };
    if interim < year_end || columns[interim].forced.is_some() || columns[year_end].forced.is_some()
    {
        return 0.0;
    }
    let kept: f32 = [interim, year_end]
        .iter()
        .filter_map(|&at| roles[at].map(|(_, s)| s))
        .sum();
    let first = affinities.around(Role::Interim, year_end, item);
    let second = affinities.around(Role::YearEnd, interim, item);
    if first + second + YEARS_ORDER <= kept {
        return 0.0;
    }
    roles[year_end] = Some((Role::Interim, first));
    roles[interim] = Some((Role::YearEnd, second));
    first + second - kept
}

/// A report written as a mark and a comment under one heading of its part
/// of the year (中間 › 進捗 | コメント, or 年度末 › 進み具合 | 自己評価): the
/// comment is the report, the mark (△, 済, 未, ◎) its status, kept as an
/// extra field. The change it makes to the reading's score.
fn report_text_beside_its_mark(
    columns: &[ColumnEvidence],
    affinities: &Affinities,
    item: usize,
    role: Role,
    roles: &mut [Option<(Role, f32)>],
) -> f32 {
    let Some(mark) = column_with(roles, role) else {
        return 0.0;
    };
    let left = mark.checked_sub(1).filter(|&left| left > item);
    [Some(mark + 1), left]
        .into_iter()
        .flatten()
        .find_map(|text| report_text_at(columns, affinities, item, role, roles, mark, text))
        .unwrap_or(0.0)
}

/// [`report_text_beside_its_mark`] with the comment at `text`, beside the
/// mark at `mark`: the change to the reading's score, or none where the
/// column at `text` is no such comment.
fn report_text_at(
    columns: &[ColumnEvidence],
    affinities: &Affinities,
    item: usize,
    role: Role,
    roles: &mut [Option<(Role, f32)>],
    mark: usize,
    text: usize,
) -> Option<f32> {
    let (Some(marks), Some(comments)) = (columns.get(mark), columns.get(text)) else {
        return None;
    };
    // Marks and words of status of a character or two (△, 済, 未, A).
    let is_marks = |p: &ColumnProfile| !p.is_empty() && p.mean_first_line() <= 2.0;
    let is_prose =
        |p: &ColumnProfile| !p.is_empty() && p.prose_share() >= 0.8 && p.mean_first_line() >= 4.0;
    // Both empty (the year-end's, not written yet), beside the interim's
    // pair read so just before them (中間 済/未 | コメント | 期末 済/未 |
    // コメント): read alike.
    let like_the_pair_before = marks.profile.is_empty()
        && comments.profile.is_empty()
        && role == Role::YearEnd
        && text == mark + 1
        && column_with(roles, Role::Interim).is_some_and(|t| {
            t + 1 == mark
                && t.checked_sub(1).is_some_and(|m| {
                    roles[m].is_none()
                        && is_marks(&columns[m].profile)
                        && is_prose(&columns[t].profile)
                })
        });
    if roles[text].is_some()
        || marks.forced.is_some()
        || comments.forced.is_some()
        || comments.words.get(role) <= 0.0
        || !(like_the_pair_before || is_marks(&marks.profile) && is_prose(&comments.profile))
    {
        return None;
    }
    let before = roles[mark].map_or(0.0, |(_, s)| s);
    let score = affinities.around(role, text, item).max(0.0);
    roles[mark] = None;
    roles[text] = Some((role, score));
    Some(score - before)
}

/// The report a table lacks, written beside the one it has under a header
/// no word of the dictionary names (ここまでの手ごたえ beside 一年の成果):
/// the column just left of the year-end report is the interim report, the
/// column just right of the interim report the year-end report, when it
/// stands right of the items and its cells read as a report would (prose,
/// no dates, names or numbers). A report whose header names no part of the
/// year with such a column right of it is the interim, that column the
/// year-end report; none beside a report written in sections per half.
/// The score it adds to the reading.
fn place_report_beside_its_pair(
    columns: &[ColumnEvidence],
    affinities: &Affinities,
    item: usize,
    roles: &mut [Option<(Role, f32)>],
) -> f32 {
    let placed = (
        column_with(roles, Role::Interim),
        column_with(roles, Role::YearEnd),
    );
    // A report written in sections per half (【上期】…【下期】…) is both.
    if let (Some(one), None) | (None, Some(one)) = placed
        && columns[one].profile.halves_share() >= 0.5
    {
        return 0.0;
    }
    // One report whose header names no part of the year (経過), an
    // unnamed column of reports right of it (総括): the two in turn.
    if let (Some(one), None) | (None, Some(one)) = placed
        && columns[one].words.unplaced_report
        && columns[one].forced.is_none()
        && let Some(right) = columns.get(one + 1)
        && roles[one + 1].is_none()
        && right.is_unnamed()
        && content_score(&right.profile, Role::YearEnd, &right.words) > 0.1
    {
        let score = affinities.around(Role::YearEnd, one + 1, item).max(0.0);
        if let Some((role, _)) = &mut roles[one] {
            *role = Role::Interim;
        }
        roles[one + 1] = Some((Role::YearEnd, score));
        return score;
    }
    let beside = match placed {
        (None, Some(year_end)) => year_end.checked_sub(1).map(|at| (at, Role::Interim)),
        (Some(interim), None) => Some((interim + 1, Role::YearEnd)),
        _ => None,
    };
    let Some((at, role)) = beside else {
        return 0.0;
    };
    let Some(column) = columns.get(at) else {
        return 0.0;
    };
    // Right of the interim report, a year-end report column may hold no
    // more yet than a status of the few items already done (済).
    let done_early =
        role == Role::YearEnd && at > 0 && finished_few(&column.profile, &columns[at - 1].profile);
    let reads_as_report = content_score(&column.profile, role, &column.words) > 0.1 || done_early;
    if at <= item || roles[at].is_some() || !column.is_unnamed() || !reads_as_report {
        return 0.0;
    }
    let score = affinities.around(role, at, item).max(0.0);
    roles[at] = Some((role, score));
    score
}

/// Whether a column beside the interim report holds statuses or reports
/// of work done for fewer than half the rows the interim report holds:
/// the year-end reports of the items finished early.
fn finished_few(column: &ColumnProfile, interim: &ColumnProfile) -> bool {
    column.values > 0
        && column.status_share().max(column.past_share()) >= 0.8
        && column.filled() * 2.0 <= interim.filled()
}

/// The column given `role` so far, if any.
fn column_with(roles: &[Option<(Role, f32)>], role: Role) -> Option<usize> {
    roles
        .iter()
        .position(|r| matches!(r, Some((x, _)) if *x == role))
}

/// Report columns whose header names no part of the year (報告, 実績) take
/// their place by order: of two, the first is the interim report and the
/// second the year-end report; one alone is the year-end report.
fn place_unplaced_reports(columns: &[ColumnEvidence], roles: &mut [Option<(Role, f32)>]) {
    let unplaced: Vec<usize> = roles
        .iter()
        .enumerate()
        .filter(|(at, r)| {
            matches!(r, Some((Role::Interim | Role::YearEnd, _)))
                && columns[*at].words.unplaced_report
                && columns[*at].forced.is_none()
        })
        .map(|(at, _)| at)
        .collect();
    let placed_other = |role: Role| {
        roles
            .iter()
            .enumerate()
            .any(|(at, r)| matches!(r, Some((x, _)) if *x == role) && !unplaced.contains(&at))
    };
    match unplaced.as_slice() {
        [one] => {
            let role = if placed_other(Role::YearEnd) {
                Role::Interim
            } else {
                Role::YearEnd
            };
            if let Some((r, _)) = &mut roles[*one] {
                *r = role;
            }
        }
        [first, second] => {
            if let Some((r, _)) = &mut roles[*first] {
                *r = Role::Interim;
            }
            if let Some((r, _)) = &mut roles[*second] {
                *r = Role::YearEnd;
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(words: &[(Role, f32)], profile: ColumnProfile) -> ColumnEvidence {
        let mut w = WordEvidence::default();
        for &(r, x) in words {
            w.add(r, x);
        }
        ColumnEvidence {
            words: w,
            profile,
            forced: None,
            shared_heading: false,
            hidden: false,
        }
    }

    fn items(rows: u32) -> ColumnProfile {
        ColumnProfile {
            rows,
            values: rows,
            texts: rows,
            japanese: rows,
            distinct: rows,
            markers: rows,
            first_line_chars: 12 * rows,
            ..ColumnProfile::default()
        }
    }

    fn deadlines(rows: u32) -> ColumnProfile {
        ColumnProfile {
            rows,
            values: rows,
            texts: rows,
            distinct: rows,
            deadlines: rows as f32,
            first_line_chars: 5 * rows,
            ..ColumnProfile::default()
        }
    }

    fn divisions(rows: u32) -> ColumnProfile {
        ColumnProfile {
            rows,
            values: rows,
            texts: rows,
            distinct: 2,
            divisions: rows,
            first_line_chars: 4 * rows,
            ..ColumnProfile::default()
        }
    }

    fn empty(rows: u32) -> ColumnProfile {
        ColumnProfile {
            rows,
            ..ColumnProfile::default()
        }
    }

    fn roles(a: &Assignment) -> Vec<Role> {
        a.columns.iter().map(|c| c.role).collect()
    }

    /// Two reports whose words barely tell them apart, the first leaning to
    /// the year-end: the order of the year reads the first as the interim.
    /// Words that tell them apart clearly keep them where they say, in
    /// whatever order.
    #[test]
    fn reports_are_read_in_the_years_order_where_words_barely_differ() {
        let read = |first: &[(Role, f32)], second: &[(Role, f32)]| {
            let columns = [
                column(&[(Role::Item, 1.0)], items(4)),
                column(&[(Role::Deadline, 1.0)], deadlines(4)),
                column(first, empty(4)),
                column(second, empty(4)),
            ];
            assign(&columns, false, false).map(|a| roles(&a))
        };
        let close = read(
            &[(Role::YearEnd, 0.85), (Role::Interim, 0.8)],
            &[(Role::YearEnd, 0.4), (Role::Interim, 0.4)],
        );
        assert_eq!(
            close,
            Some(vec![
                Role::Item,
                Role::Deadline,
                Role::Interim,
                Role::YearEnd
            ])
        );
        let clear = read(&[(Role::YearEnd, 0.9)], &[(Role::Interim, 0.9)]);
        assert_eq!(
            clear,
            Some(vec![
                Role::Item,
                Role::Deadline,
                Role::YearEnd,
                Role::Interim
            ])
        );
    }

    fn reports(rows: u32) -> ColumnProfile {
        ColumnProfile {
            rows,
            values: rows / 2,
            texts: rows / 2,
            japanese: rows / 2,
            distinct: rows / 2,
            sentences: rows / 2,
            past_tense: rows / 2,
            first_line_chars: 15 * rows / 2,
            ..ColumnProfile::default()
        }
    }

    #[test]
    fn a_report_column_as_fit_for_either_period_is_not_read_as_sure() {
        let sure = [
            column(&[(Role::Item, 1.0)], items(4)),
            column(&[(Role::Deadline, 1.0)], deadlines(4)),
            column(&[(Role::Interim, 1.0)], reports(4)),
        ];
        assert_eq!(
            assign(&sure, false, false).unwrap().confidence,
            Confidence::High
        );
        let either = [
            column(&[(Role::Item, 1.0)], items(4)),
            column(&[(Role::Deadline, 1.0)], deadlines(4)),
            column(&[(Role::Interim, 0.85), (Role::YearEnd, 0.85)], reports(4)),
        ];
        let a = assign(&either, false, false).unwrap();
        assert!(roles(&a)[2] == Role::Interim || roles(&a)[2] == Role::YearEnd);
        assert_eq!(a.confidence, Confidence::Medium);
    }

    #[test]
    fn content_alone_reads_a_table_of_unknown_words() {
        let cols = [
            column(&[], items(4)),
            column(&[], deadlines(4)),
            column(&[], divisions(4)),
        ];
        let a = assign(&cols, false, false).unwrap();
        assert_eq!(roles(&a), [Role::Item, Role::Deadline, Role::Owner]);
    }

    #[test]
    fn a_detail_word_on_the_only_item_like_column_makes_it_the_item() {
        let cols = [
            column(&[(Role::Detail, 1.0), (Role::Item, 0.6)], items(4)),
            column(&[(Role::Deadline, 1.0)], deadlines(4)),
            column(&[(Role::Interim, 1.0)], empty(4)),
        ];
        let a = assign(&cols, false, false).unwrap();
        assert_eq!(roles(&a), [Role::Item, Role::Deadline, Role::Interim]);
    }

    #[test]
    fn beside_an_item_word_the_detail_word_stays_detail() {
        let cols = [
            column(&[(Role::Item, 1.0)], items(4)),
            column(&[(Role::Detail, 1.0), (Role::Item, 0.6)], items(4)),
            column(&[(Role::Deadline, 1.0)], deadlines(4)),
        ];
        let a = assign(&cols, false, false).unwrap();
        assert_eq!(roles(&a), [Role::Item, Role::Detail, Role::Deadline]);
        assert_eq!(a.confidence, Confidence::High);
    }

    #[test]
    fn a_grouping_column_is_the_goal_even_under_an_item_word() {
        let mut goal = items(6);
        goal.values = 2;
        goal.merged_down = 4;
        goal.distinct = 2;
        goal.markers = 0;
        let cols = [
            column(&[(Role::Item, 1.0)], goal),
            column(&[], items(6)),
            column(&[], deadlines(6)),
        ];
        let a = assign(&cols, false, false).unwrap();
        assert_eq!(roles(&a), [Role::Goal, Role::Item, Role::Deadline]);
    }

    #[test]
    fn a_value_merged_over_two_items_groups_them_even_under_the_targets_word() {
        // 目標 names the target (1.0) and the goal (0.6): merged down over
        // both items, the column is their goal.
        let mut goal = items(2);
        goal.values = 1;
        goal.merged_down = 1;
        goal.distinct = 1;
        goal.markers = 0;
        let cols = [
            column(&[(Role::Target, 1.0), (Role::Goal, 0.6)], goal),
            column(&[], items(2)),
            column(&[], deadlines(2)),
        ];
        let a = assign(&cols, false, false).unwrap();
        assert_eq!(roles(&a), [Role::Goal, Role::Item, Role::Deadline]);
        // Written in each row, the same word with quantities is the target.
        let target = ColumnProfile {
            quantities: 2,
            ..items(2)
        };
        let cols = [
            column(&[], items(2)),
            column(&[(Role::Target, 1.0), (Role::Goal, 0.6)], target),
            column(&[], deadlines(2)),
        ];
        let a = assign(&cols, false, false).unwrap();
        assert_eq!(roles(&a), [Role::Item, Role::Target, Role::Deadline]);
    }

    #[test]
    fn two_result_columns_without_a_period_are_interim_then_year_end() {
        let mut words = WordEvidence::default();
        words.add(Role::Interim, 0.45);
        words.add(Role::YearEnd, 0.5);
        words.unplaced_report = true;
        let report = |p| ColumnEvidence {
            words: words.clone(),
            profile: p,
            forced: None,
            shared_heading: false,
            hidden: false,
        };
        let cols = [
            column(&[(Role::Item, 1.0)], items(3)),
            report(empty(3)),
            report(empty(3)),
        ];
        let a = assign(&cols, false, false).unwrap();
        assert_eq!(roles(&a), [Role::Item, Role::Interim, Role::YearEnd]);
        let one = [column(&[(Role::Item, 1.0)], items(3)), report(empty(3))];
        assert_eq!(
            roles(&assign(&one, false, false).unwrap()),
            [Role::Item, Role::YearEnd]
        );
    }

    #[test]
    fn a_list_of_goals_alone_is_no_table_of_items() {
        let numbers = ColumnProfile {
            rows: 4,
            values: 4,
            numbering: 4,
            distinct: 4,
            ..ColumnProfile::default()
        };
        let cols = [
            column(&[(Role::Number, 1.0)], numbers),
            column(&[(Role::Goal, 1.0)], items(4)),
        ];
        assert_eq!(assign(&cols, false, false), None);
    }

    #[test]
    fn a_forced_role_wins_and_is_sure() {
        let mut cols = vec![
            column(&[(Role::Item, 1.0)], items(3)),
            column(&[], items(3)),
            column(&[], deadlines(3)),
        ];
        cols[1].forced = Some(Role::Item);
        cols[0].forced = Some(Role::Goal);
        let a = assign(&cols, false, false).unwrap();
        assert_eq!(a.column_of(Role::Item), Some(1));
        assert_eq!(a.columns[0].role, Role::Goal);
        assert_eq!(a.confidence, Confidence::High);
    }
}
