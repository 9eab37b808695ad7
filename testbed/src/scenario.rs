//! `vns-ssp run FILE.toml`: a sequence of calls with their expectations, for regression suites of
//! an SCP, and the JUnit XML report CI systems read.
//!
//! ```toml
//! [ssp]                        # optional: the same keys as --config
//! transport = "tcp"
//!
//! [variables]
//! vn = "050412345678"
//! real = "01098765432"
//!
//! [[call]]
//! name = "the virtual number reaches the real one"
//! called = "${vn}"
//! calling = "01012345678"
//! expect = ["connect:${real}"]
//!
//! [[call]]
//! name = "unassigned numbers are released"
//! called = "0504999000-0504999002"   # a range: one call (one test case) per number
//! model = "busy"                     # call model, trigger, service-key, category as for `call`
//! expect = ["release:1"]
//! ```
//!
//! `${name}` is replaced by the variable's value in `called`, `calling` and `expect`. Unknown keys
//! are refused.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use crate::config::ConfigError;
use crate::expect::Expectation;
use crate::load::Numbers;
use crate::model::{CallModel, CallSpec, Trigger, mask_number};
use crate::ssp::{CallReport, Ssp};

/// A parsed scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// The `[ssp]` table, as TOML text for [`crate::SspConfig::apply_toml`].
    pub ssp: Option<String>,
    /// The cases, ranges expanded.
    pub cases: Vec<Case>,
}

/// One call of a scenario.
#[derive(Clone, Debug)]
pub struct Case {
    /// Its name (with the number when it came from a range).
    pub name: String,
    /// The call.
    pub spec: CallSpec,
    /// What must hold.
    pub expect: Vec<Expectation>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    ssp: Option<toml::Table>,
    #[serde(default)]
    variables: BTreeMap<String, String>,
    #[serde(default)]
    call: Vec<FileCall>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileCall {
    name: Option<String>,
    called: String,
    calling: Option<String>,
    service_key: Option<u32>,
    trigger: Option<String>,
    category: Option<u8>,
    model: Option<String>,
    #[serde(default)]
    expect: Vec<String>,
}

fn substitute(text: &str, vars: &BTreeMap<String, String>) -> Result<String, ConfigError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| ConfigError::Invalid(format!("unclosed ${{ in {text:?}")))?;
        let name = &after[..end];
        let value = vars
            .get(name)
            .ok_or_else(|| ConfigError::Invalid(format!("unknown variable {name:?}")))?;
        out.push_str(value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

impl Scenario {
    /// Parses a scenario file.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let f: File = toml::from_str(text).map_err(|e| ConfigError::Toml(e.to_string()))?;
        let ssp = match f.ssp {
            Some(t) => Some(toml::to_string(&t).map_err(|e| ConfigError::Toml(e.to_string()))?),
            None => None,
        };
        let mut cases = Vec::new();
        for (i, c) in f.call.iter().enumerate() {
            let invalid = |e: String| ConfigError::Invalid(format!("call {}: {e}", i + 1));
            let called = substitute(&c.called, &f.variables)?;
            let numbers = Numbers::parse(&called).map_err(invalid)?;
            let calling = c
                .calling
                .as_deref()
                .map(|s| substitute(s, &f.variables))
                .transpose()?;
            let expect = c
                .expect
                .iter()
                .map(|e| Expectation::parse(&substitute(e, &f.variables)?).map_err(invalid))
                .collect::<Result<Vec<_>, _>>()?;
            let model = match &c.model {
                Some(m) => CallModel::parse(m).map_err(invalid)?,
                None => CallModel::default(),
            };
            let trigger = match &c.trigger {
                Some(t) => Trigger::parse(t).map_err(invalid)?,
                None => Trigger::Terminating,
            };
            let base = c.name.clone().unwrap_or_else(|| format!("call {}", i + 1));
            if numbers.len() > 10_000 {
                return Err(invalid("a range of more than 10,000 numbers".into()));
            }
            for n in 0..numbers.len() {
                let number = numbers.nth(n);
                let mut spec = CallSpec::new(&number, calling.as_deref());
                spec.service_key = c.service_key.unwrap_or(spec.service_key);
                spec.category = c.category.unwrap_or(spec.category);
                spec.model = model;
                spec.trigger = trigger;
                let name = if numbers.len() > 1 {
                    format!("{base} [{}]", mask_number(&number))
                } else {
                    base.clone()
                };
                cases.push(Case {
                    name,
                    spec,
                    expect: expect.clone(),
                });
            }
        }
        Ok(Self { ssp, cases })
    }

    /// Runs every case in order through `ssp`.
    pub async fn run(&self, ssp: &Ssp) -> ScenarioReport {
        let mut results = Vec::with_capacity(self.cases.len());
        for case in &self.cases {
            let report = ssp.call(case.spec.clone()).await;
            let mut failures: Vec<String> = case
                .expect
                .iter()
                .filter_map(|e| report.check(e).err().map(|m| m.to_string()))
                .collect();
            if case.expect.is_empty()
                && let Some(f) = report.record.failure
            {
                failures.push(format!("the call failed: {f}"));
            }
            results.push(CaseResult {
                name: case.name.clone(),
                failures,
                time: report.duration,
                report,
            });
        }
        ScenarioReport { results }
    }
}

/// How one case went.
#[derive(Clone, Debug)]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// The expectations that did not hold (empty: passed).
    pub failures: Vec<String>,
    /// The dialogue's duration.
    pub time: Duration,
    /// Everything about the call.
    pub report: CallReport,
}

/// How a scenario went.
#[derive(Clone, Debug)]
pub struct ScenarioReport {
    /// Each case, in order.
    pub results: Vec<CaseResult>,
}

impl ScenarioReport {
    /// Whether every case passed.
    pub fn passed(&self) -> bool {
        self.results.iter().all(|r| r.failures.is_empty())
    }

    /// One line per case, and the ladder of each failed case.
    pub fn to_text(&self, reveal: bool, verbose: bool) -> String {
        let mut s = String::new();
        for r in &self.results {
            let verdict = if r.failures.is_empty() {
                "PASS"
            } else {
                "FAIL"
            };
            let _ = writeln!(
                s,
                "{verdict}  {}  ({:.3} ms)  {}",
                r.name,
                r.time.as_secs_f64() * 1e3,
                r.report.summary(reveal)
            );
            for f in &r.failures {
                let _ = writeln!(s, "      {f}");
            }
            if !r.failures.is_empty() || verbose {
                for line in r.report.ladder(reveal, false).lines() {
                    let _ = writeln!(s, "      {line}");
                }
            }
        }
        let failed = self
            .results
            .iter()
            .filter(|r| !r.failures.is_empty())
            .count();
        let _ = writeln!(s, "{} cases, {} failed", self.results.len(), failed);
        s
    }

    /// The JUnit XML report: one `<testsuite>` with a `<testcase>` per case and a `<failure>` for
    /// each failed one (its message the first mismatch, its text the ladder; numbers masked).
    pub fn to_junit(&self, suite: &str) -> String {
        let failed = self
            .results
            .iter()
            .filter(|r| !r.failures.is_empty())
            .count();
        let total: f64 = self.results.iter().map(|r| r.time.as_secs_f64()).sum();
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            x,
            "<testsuites tests=\"{}\" failures=\"{failed}\" time=\"{total:.6}\">",
            self.results.len()
        );
        let _ = writeln!(
            x,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\" time=\"{total:.6}\">",
            xml(suite),
            self.results.len()
        );
        for r in &self.results {
            let _ = write!(
                x,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.6}\"",
                xml(suite),
                xml(&r.name),
                r.time.as_secs_f64()
            );
            if r.failures.is_empty() {
                x.push_str("/>\n");
            } else {
                let _ = writeln!(
                    x,
                    ">\n      <failure message=\"{}\" type=\"expectation\">{}</failure>\n    </testcase>",
                    xml(&r.failures.join("; ")),
                    xml(&r.report.ladder(false, false))
                );
            }
        }
        x.push_str("  </testsuite>\n</testsuites>\n");
        x
    }
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_and_ranges_expand() {
        let s = Scenario::parse(
            "[variables]\nvn = \"0504123\"\n\
             [[call]]\nname = \"r\"\ncalled = \"${vn}0-${vn}2\"\nexpect = [\"release:1\"]\n\
             [[call]]\ncalled = \"${vn}9\"\nmodel = \"busy\"\ntrigger = \"originating\"\n",
        )
        .unwrap();
        assert_eq!(s.cases.len(), 4);
        assert_eq!(s.cases[0].spec.called, "05041230");
        assert_eq!(s.cases[2].spec.called, "05041232");
        assert_eq!(s.cases[0].expect, vec![Expectation::Release(Some(1))]);
        assert_eq!(s.cases[3].spec.model, CallModel::Busy);
        assert_eq!(s.cases[3].spec.trigger, Trigger::Originating);
        assert_eq!(s.cases[3].name, "call 2");
        assert!(Scenario::parse("[[call]]\ncalled = \"${nope}\"\n").is_err());
        assert!(Scenario::parse("[[call]]\ncalled = \"1\"\nexpekt = []\n").is_err());
    }

    #[test]
    fn xml_escapes() {
        assert_eq!(xml("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
