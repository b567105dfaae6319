//! One line of `kaohe verify`: a JSON object in, a JSON object out.

use kaohe_core::score;
use serde_json::{json, Map, Value};

/// Checks one input line; a line that cannot be read gives `{"id", "error"}`.
pub fn verify_line(line: &str, number: usize) -> Value {
    let parsed: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return json!({"id": null, "error": format!("第{number}行不是有效的 JSON：{e}")}),
    };
    let Value::Object(obj) = parsed else {
        return json!({"id": null, "error": format!("第{number}行应是一个 JSON 对象，例如 {{\"id\":\"r1\",\"target\":\"≥95%\",\"actual\":\"98.2%\"}}")});
    };
    let id = obj.get("id").cloned().unwrap_or(Value::Null);
    let field = |name: &str| -> Result<Option<String>, String> {
        match obj.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(other) => Err(format!(
                "第{number}行的 {name} 应是文字或数字，实际是 {other}"
            )),
        }
    };
    let target = match field("target") {
        Ok(Some(t)) if !t.trim().is_empty() => t,
        Ok(_) => {
            return json!({"id": id, "error": format!("第{number}行缺少 target（年度指标值或任务内容）")})
        }
        Err(e) => return json!({"id": id, "error": e}),
    };
    let actual = match field("actual") {
        Ok(a) => a.unwrap_or_default(),
        Err(e) => return json!({"id": id, "error": e}),
    };
    let full_score = match obj.get("full_score") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => match n.as_f64() {
            Some(f) if f.is_finite() && f >= 0.0 => Some(f),
            _ => {
                return json!({"id": id, "error": format!("第{number}行的 full_score 应是不小于 0 的数")})
            }
        },
        Some(Value::String(s)) => match s.trim().parse::<f64>() {
            Ok(f) if f.is_finite() && f >= 0.0 => Some(f),
            _ => {
                return json!({"id": id, "error": format!("第{number}行的 full_score “{s}”不是数字")})
            }
        },
        Some(other) => {
            return json!({"id": id, "error": format!("第{number}行的 full_score 应是数字，实际是 {other}")})
        }
    };
    if target.chars().count() > 2000 || actual.chars().count() > 20000 {
        return json!({"id": id, "error": format!("第{number}行的内容过长")});
    }
    let text = |name: &str| match field(name) {
        Ok(v) => Ok(v.filter(|s| !s.trim().is_empty())),
        Err(e) => Err(e),
    };
    let (indicator, comparator, unit, period_text, self_text) = match (
        text("indicator"),
        text("comparator"),
        text("unit"),
        text("period"),
        text("self_score"),
    ) {
        (Ok(a), Ok(b), Ok(c), Ok(d), Ok(e)) => (a, b, c, d, e),
        (Err(e), ..) | (_, Err(e), ..) | (_, _, Err(e), ..) | (.., Err(e), _) | (.., Err(e)) => {
            return json!({"id": id, "error": e})
        }
    };
    let period = match period_text.as_deref() {
        None => None,
        Some(p) => match score::parse_period(p) {
            Some(p) => Some(p),
            None => {
                return json!({"id": id, "error": format!("第{number}行的 period “{p}”不是月份区间（如 1-10月、1至8月、一季度、3月份）")})
            }
        },
    };
    let self_score = match self_text.as_deref() {
        None => None,
        Some(s) => match score::parse_self_score(s) {
            Some(v) => Some(v),
            None => {
                return json!({"id": id, "error": format!("第{number}行的 self_score “{s}”不是数字")})
            }
        },
    };
    if [&indicator, &comparator, &unit]
        .iter()
        .any(|f| f.as_ref().is_some_and(|s| s.chars().count() > 2000))
    {
        return json!({"id": id, "error": format!("第{number}行的内容过长")});
    }
    let result = score::verify_row(&score::RowInput {
        target: &target,
        actual: &actual,
        indicator: indicator.as_deref(),
        comparator: comparator.as_deref(),
        unit: unit.as_deref(),
        period,
        full_score,
        self_score,
    });
    let mut out = Map::new();
    out.insert("id".into(), id);
    if let Value::Object(fields) = serde_json::to_value(&result).unwrap_or(Value::Null) {
        out.extend(fields);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_and_bad_lines() {
        let v = verify_line(
            r#"{"id":"r1","target":"≥95%","actual":"98.2%","full_score":10}"#,
            1,
        );
        assert_eq!(v["id"], "r1");
        assert_eq!(v["verdict"], "met");
        assert_eq!(v["score"], 10.0);
        assert_eq!(v["target"]["comparator"], ">=");
        assert_eq!(v["target"]["value"], 95);
        assert_eq!(v["actual"]["value"], 98.2);
        let v = verify_line(
            r#"{"id":"p","indicator":"新增城镇就业(人)","target":"8950","actual":"7123","period":"1至8月","full_score":10,"self_score":"IO"}"#,
            1,
        );
        assert_eq!(v["verdict"], "not_met", "{v}");
        assert_eq!(v["expected_ratio"], 0.6667, "{v}");
        assert_eq!(v["light"], "green", "{v}");
        assert_eq!(v["suggested_score"], v["score"], "{v}");
        assert!(v["flags"]
            .as_array()
            .is_some_and(|f| f.contains(&json!("self_score_above_rule"))));
        let v = verify_line(
            r#"{"id":"c","indicator":"生产安全事故死亡人数低于(人)","target":"5","actual":"3"}"#,
            1,
        );
        assert_eq!(v["verdict"], "met", "{v}");
        assert!(v.get("expected_ratio").is_none(), "{v}");
        let v = verify_line(
            r#"{"id":"q","target":"15600","actual":"18230","comparator":"≥","unit":"人","period":"一季度"}"#,
            1,
        );
        assert_eq!(v["verdict"], "met", "{v}");
        assert_eq!(v["expected_ratio"], 0.25, "{v}");
        for (line, id) in [
            (
                r#"{"id":"z","target":"1","actual":"1","period":"明年"}"#,
                json!("z"),
            ),
            (
                r#"{"id":"s","target":"1","actual":"1","self_score":"高"}"#,
                json!("s"),
            ),
            (
                r#"{"id":"u","target":"1","actual":"1","unit":[1]}"#,
                json!("u"),
            ),
            ("not json", Value::Null),
            ("[1,2]", Value::Null),
            (r#"{"id":7}"#, json!(7)),
            (r#"{"id":"x","target":["a"]}"#, json!("x")),
            (r#"{"id":"y","target":"≥1","full_score":-3}"#, json!("y")),
        ] {
            let v = verify_line(line, 3);
            assert_eq!(v["id"], id, "{line}");
            assert!(
                v["error"].as_str().is_some_and(|e| e.contains("第3行")),
                "{line}: {v}"
            );
        }
    }
}
