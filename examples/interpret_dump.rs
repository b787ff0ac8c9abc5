use mokuhyo::interpret::*;
use mokuhyo::workbook::read::{ReadLimits, read_workbook};
use std::path::Path;
fn main() {
    let dict = FieldDictionary::default();
    let opts = InterpretOptions::default();
    for arg in std::env::args().skip(1) {
        let path = Path::new(&arg);
        let wb = match read_workbook(path, &ReadLimits::default()) {
            Ok(w) => w,
            Err(e) => {
                println!("ERR {e}");
                continue;
            }
        };
        match interpret_workbook(path, &wb.sheets, &dict, &opts) {
            WorkbookOutcome::Reports(rs) => {
                for r in rs {
                    println!(
                        "== {} [{}] FY{} {} layout={} goals={} items={}",
                        path.file_name().unwrap().to_string_lossy(),
                        r.sheet,
                        r.fiscal_year.0,
                        r.department,
                        r.layout,
                        r.goals.len(),
                        r.items().count()
                    );
                    for g in &r.goals {
                        println!(
                            "  G {:?} {} prio={:?} pos={}",
                            g.number,
                            g.title,
                            g.priority,
                            g.plan_positions.len()
                        );
                        for i in &g.items {
                            println!(
                                "    I {:?} {} | dl={:?} due={:?} tgt={:?} int={} ye={} ach={:?} sa={:?} own={:?} cell={}",
                                i.number,
                                i.title,
                                i.deadline_text
                                    .as_deref()
                                    .map(|s| s.chars().take(20).collect::<String>()),
                                i.due_dates(),
                                i.target
                                    .as_deref()
                                    .map(|s| s.chars().take(15).collect::<String>()),
                                match &i.interim {
                                    mokuhyo::model::Report::Filled(_) => "F",
                                    mokuhyo::model::Report::Empty => "E",
                                    _ => "-",
                                },
                                match &i.year_end {
                                    mokuhyo::model::Report::Filled(_) => "F",
                                    mokuhyo::model::Report::Empty => "E",
                                    _ => "-",
                                },
                                i.achievement,
                                i.self_assessment,
                                i.owners,
                                i.cell
                            );
                        }
                    }
                    for w in &r.warnings {
                        println!("  W {w}");
                    }
                }
            }
            other => println!("== {} {:?}", path.display(), other),
        }
    }
}
