//! GitHub Actions workflow commands: a pull request's annotations.

use super::Emitter;
use crate::diagnostic::{Diagnostics, Severity};
use crate::source::Sources;

/// Diagnostics as GitHub Actions workflow commands, one a line, which the
/// runner turns into annotations on the pull request's files:
/// `::error file=kpis/ads.kpi.yaml,line=5,col=20,endLine=5,endColumn=30,title=undefined-metric::…`.
pub fn github(diags: &Diagnostics, sources: &Sources) -> String {
    // the escapes of the runner's command parser
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in &diags.items {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(p) = d.position(sources) {
            props.push(format!("file={}", property(&p.file())));
            match p.end_inclusive() {
                Some((el, ec)) => props.push(format!(
                    "line={},col={},endLine={el},endColumn={ec}",
                    p.line, p.column
                )),
                None => props.push(format!("line={},col={}", p.line, p.column)),
            }
        }
        props.push(format!("title={}", property(d.code.name())));
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        out.push_str(&format!(
            "::{kind} {}::{}\n",
            props.join(","),
            data(&message)
        ));
    }
    out
}

/// `--format github`.
pub struct Github;

impl Emitter for Github {
    fn emit(&self, diags: &Diagnostics, sources: &Sources) -> String {
        github(diags, sources)
    }
}
