//! Decoding one M3UA message through every layer, for engineers reading switch traces.
//!
//! [`Trace::decode`] goes as deep as the bytes allow: M3UA, then (for DATA with SI = SCCP) SCCP, then
//! TCAP, then INAP for each component. It never fails as a whole: a layer that does not decode stops the
//! descent and is reported as a [`LayerError`] naming the layer and the octet offset, counted from the
//! first octet of the M3UA message, so an engineer can find the octet in the hex they pasted.
//!
//! Rendering ([`Trace::to_text`], [`Trace::to_json`]) masks real phone numbers (`010-****-5678`) unless
//! told to reveal them. Raw payload hex of a layer whose contents are decoded below it is left out
//! when masking, because it would show the numbers in BCD.

use std::fmt::{self, Write as _};

use bytes::Bytes;
use inap::errors::{ErrorCode, ErrorValue};
use inap::operations::{Argument, Opcode, ResultValue};
use serde_json::{Value, json};

/// A protocol layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Layer {
    /// M3UA (RFC 4666).
    M3ua,
    /// SCCP (Q.713).
    Sccp,
    /// TCAP (Q.773).
    Tcap,
    /// INAP (ETS 300 374-1).
    Inap,
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::M3ua => "M3UA",
            Self::Sccp => "SCCP",
            Self::Tcap => "TCAP",
            Self::Inap => "INAP",
        })
    }
}

/// A layer that did not decode.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LayerError {
    /// The layer.
    pub layer: Layer,
    /// Offset of the octet at fault from the first octet of the M3UA message, when known.
    pub offset: Option<usize>,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for LayerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(o) => write!(f, "{} error at octet {o}: {}", self.layer, self.message),
            None => write!(f, "{} error: {}", self.layer, self.message),
        }
    }
}

/// The INAP reading of one TCAP component.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // a trace holds a handful of these; boxing buys nothing
pub enum InapItem {
    /// An Invoke's argument.
    Invoke {
        /// Invoke id.
        invoke_id: i64,
        /// The operation.
        opcode: Opcode,
        /// Its argument.
        argument: Argument,
    },
    /// A ReturnResult's result.
    Result {
        /// Invoke id.
        invoke_id: i64,
        /// The result.
        result: ResultValue,
    },
    /// A ReturnError's error.
    Error {
        /// Invoke id.
        invoke_id: i64,
        /// The error.
        error: ErrorValue,
    },
}

/// Every layer of one message, as far as it decoded.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    /// The M3UA message.
    pub m3ua: Option<m3ua::Message>,
    /// The SCCP message inside a DATA with SI = 3.
    pub sccp: Option<sccp::Message>,
    /// The TCAP message inside the SCCP user data.
    pub tcap: Option<tcap::Message>,
    /// The INAP reading of the TCAP components (those that carry INAP).
    pub inap: Vec<InapItem>,
    /// Why decoding stopped, if it stopped early.
    pub error: Option<LayerError>,
    /// A note on why a layer was not decoded although nothing was wrong (another SI, a segment …).
    pub note: Option<String>,
}

/// Offset of `inner` (a sub-slice of `outer`) inside `outer`.
fn offset_in(outer: &[u8], inner: &[u8]) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

impl Trace {
    /// Decodes `bytes` (one complete M3UA message) through every layer it can.
    pub fn decode(bytes: Bytes) -> Trace {
        let mut trace = Trace::default();
        let original = bytes.clone();
        let mut buf = bytes;
        let msg = match m3ua::Message::decode(&mut buf) {
            Ok(m) => m,
            Err(e) => {
                trace.error = Some(LayerError {
                    layer: Layer::M3ua,
                    offset: None,
                    message: e.to_string(),
                });
                return trace;
            }
        };
        if !buf.is_empty() {
            trace.note = Some(format!(
                "{} octets after the M3UA message were ignored",
                buf.len()
            ));
        }
        let user_data = match &msg {
            m3ua::Message::Data(d) if d.protocol_data.si == 3 => {
                Some(d.protocol_data.user_data.clone())
            }
            m3ua::Message::Data(d) => {
                trace.note = Some(format!(
                    "service indicator {} is not SCCP; user data not decoded",
                    d.protocol_data.si
                ));
                None
            }
            _ => None,
        };
        trace.m3ua = Some(msg);
        let Some(user_data) = user_data else {
            return trace;
        };
        let sccp_base = offset_in(&original, &user_data);
        let sccp_msg = match sccp::Message::decode(&user_data) {
            Ok(m) => m,
            Err(e) => {
                trace.error = Some(LayerError {
                    layer: Layer::Sccp,
                    offset: Some(sccp_base + e.offset()),
                    message: e.to_string(),
                });
                return trace;
            }
        };
        let data = sccp_msg.data().clone();
        let segmented = sccp_msg
            .segmentation()
            .is_some_and(|s| !(s.first && s.remaining_segments == 0));
        let returned = sccp_msg.return_cause().is_some();
        trace.sccp = Some(sccp_msg);
        if segmented {
            trace.note = Some("an XUDT segment: the TCAP message needs reassembly".into());
            return trace;
        }
        let tcap_base = offset_in(&original, &data);
        let tcap_msg = match tcap::Message::decode(&data) {
            Ok(m) => m,
            Err(e) => {
                trace.error = Some(LayerError {
                    layer: Layer::Tcap,
                    offset: Some(tcap_base + e.offset()),
                    message: format!("{e} (Q.774: {:?})", e.consequence()),
                });
                return trace;
            }
        };
        if returned {
            trace.note = Some("a returned message (the TCAP inside is the one sent)".into());
        }
        if let Some(acn) = tcap_msg
            .dialogue()
            .and_then(|d| d.application_context_name())
            && inap::ac::classify(&acn).is_none()
        {
            trace.note = Some(format!(
                "application context {acn} is not INAP; components not decoded"
            ));
            trace.tcap = Some(tcap_msg);
            return trace;
        }
        for component in tcap_msg.components() {
            match decode_component(component, tcap_base) {
                Ok(Some(item)) => trace.inap.push(item),
                Ok(None) => {}
                Err(e) => {
                    trace.error = Some(e);
                    break;
                }
            }
        }
        trace.tcap = Some(tcap_msg);
        trace
    }

    /// One line per layer; numbers masked unless `reveal`.
    pub fn to_text(&self, reveal: bool) -> String {
        let mut out = String::new();
        if let Some(m) = &self.m3ua {
            let _ = writeln!(out, "M3UA  {m}");
        }
        if let Some(s) = &self.sccp {
            let _ = writeln!(out, "SCCP  {s}");
        }
        if let Some(t) = &self.tcap {
            let _ = writeln!(out, "TCAP  {t}");
        }
        for item in &self.inap {
            let _ = writeln!(out, "INAP  {}", item_text(item, reveal));
        }
        if let Some(n) = &self.note {
            let _ = writeln!(out, "note: {n}");
        }
        if let Some(e) = &self.error {
            let _ = writeln!(out, "{e}");
        }
        out
    }

    /// The message on one line: the TCAP message and its INAP operations (or the deepest layer
    /// decoded, and the error); numbers masked unless `reveal`.
    pub fn one_line(&self, reveal: bool) -> String {
        let mut out = match (&self.tcap, &self.sccp, &self.m3ua) {
            (Some(t), _, _) => format!("TCAP {t}"),
            (None, Some(s), _) => format!("SCCP {s}"),
            (None, None, Some(m)) => format!("M3UA {m}"),
            (None, None, None) => String::new(),
        };
        for (i, item) in self.inap.iter().enumerate() {
            out.push_str(if i == 0 { " | " } else { "; " });
            out.push_str(&item_text(item, reveal));
        }
        if let Some(e) = &self.error {
            let _ = write!(out, " | {e}");
        }
        out
    }

    /// The whole trace as JSON; numbers masked unless `reveal`.
    pub fn to_json(&self, reveal: bool) -> Value {
        let mut v = json!({
            "m3ua": self.m3ua.as_ref().map(to_value),
            "sccp": self.sccp.as_ref().map(to_value),
            "tcap": self.tcap.as_ref().map(to_value),
            "inap": self.inap.iter().map(item_json).collect::<Vec<_>>(),
            "note": self.note,
            "error": self.error,
        });
        prune_nulls(&mut v);
        if !reveal {
            // Payloads decoded at the next layer would show the numbers in BCD: give their size only.
            if self.sccp.is_some() {
                elide(&mut v["m3ua"], "user_data");
            }
            if self.tcap.is_some() {
                elide(&mut v["sccp"], "data");
            }
            if !self.inap.is_empty() {
                elide(&mut v["tcap"], "parameter");
            }
            mask_numbers(&mut v["inap"]);
        }
        v
    }
}

fn decode_component(
    component: &tcap::Component,
    tcap_base: usize,
) -> Result<Option<InapItem>, LayerError> {
    let at = |p: Option<&tcap::Parameter>, off: Option<usize>| {
        p.map(|p| tcap_base + p.offset() + off.unwrap_or(0))
    };
    match component {
        tcap::Component::Invoke(inv) => {
            let tcap::Code::Local(code) = inv.op_code else {
                return Ok(None);
            };
            let opcode = Opcode(code);
            let param = inv.parameter.as_ref();
            match Argument::decode(opcode, param.map(|p| p.as_bytes())) {
                Ok(argument) => Ok(Some(InapItem::Invoke {
                    invoke_id: inv.invoke_id.into(),
                    opcode,
                    argument,
                })),
                Err(e) => Err(LayerError {
                    layer: Layer::Inap,
                    offset: at(param, e.offset()),
                    message: format!("invoke {}: {e} (Reject {:?})", inv.invoke_id, e.problem()),
                }),
            }
        }
        tcap::Component::ReturnResultLast(rr) | tcap::Component::ReturnResultNotLast(rr) => {
            let Some(result) = &rr.result else {
                return Ok(None);
            };
            let tcap::Code::Local(code) = result.op_code else {
                return Ok(None);
            };
            let param = result.parameter.as_ref();
            match ResultValue::decode(Opcode(code), param.map(|p| p.as_bytes())) {
                Ok(result) => Ok(Some(InapItem::Result {
                    invoke_id: rr.invoke_id.into(),
                    result,
                })),
                Err(e) => Err(LayerError {
                    layer: Layer::Inap,
                    offset: at(param, e.offset()),
                    message: format!("result {}: {e}", rr.invoke_id),
                }),
            }
        }
        tcap::Component::ReturnError(re) => {
            let tcap::Code::Local(code) = re.error_code else {
                return Ok(None);
            };
            let param = re.parameter.as_ref();
            match ErrorValue::decode(ErrorCode(code), param.map(|p| p.as_bytes())) {
                Ok(error) => Ok(Some(InapItem::Error {
                    invoke_id: re.invoke_id.into(),
                    error,
                })),
                Err(e) => Err(LayerError {
                    layer: Layer::Inap,
                    offset: at(param, None),
                    message: format!("error {}: {e}", re.invoke_id),
                }),
            }
        }
        _ => Ok(None),
    }
}

fn to_value<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap_or_else(|e| json!({ "unprintable": e.to_string() }))
}

fn item_json(item: &InapItem) -> Value {
    match item {
        InapItem::Invoke {
            invoke_id,
            opcode,
            argument,
        } => json!({
            "component": "invoke",
            "invoke_id": invoke_id,
            "opcode": opcode.0,
            "operation": opcode.to_string(),
            "argument": to_value(argument),
        }),
        InapItem::Result { invoke_id, result } => json!({
            "component": "return_result",
            "invoke_id": invoke_id,
            "opcode": result.opcode().0,
            "operation": result.opcode().to_string(),
            "result": to_value(result),
        }),
        InapItem::Error { invoke_id, error } => json!({
            "component": "return_error",
            "invoke_id": invoke_id,
            "error_code": error.code().0,
            "error": to_value(error),
        }),
    }
}

fn item_text(item: &InapItem, reveal: bool) -> String {
    if !reveal {
        return match item {
            InapItem::Invoke {
                invoke_id,
                argument,
                ..
            } => format!("invoke {invoke_id}: {argument}"),
            InapItem::Result { invoke_id, result } => format!("result {invoke_id}: {result:?}"),
            InapItem::Error { invoke_id, error } => format!("error {invoke_id}: {error:?}"),
        };
    }
    let mut v = item_json(item);
    prune_nulls(&mut v);
    let body = v
        .get("argument")
        .or_else(|| v.get("result"))
        .or_else(|| v.get("error"))
        .cloned()
        .unwrap_or(Value::Null);
    let head = match item {
        InapItem::Invoke {
            invoke_id, opcode, ..
        } => format!("invoke {invoke_id}: {opcode}"),
        InapItem::Result { invoke_id, result } => {
            format!("result {invoke_id}: {}", result.opcode())
        }
        InapItem::Error { invoke_id, error } => format!("error {invoke_id}: {}", error.code()),
    };
    format!("{head} {body}")
}

/// Replaces the hex string under `key` (anywhere below `v`) with its size in octets.
fn elide(v: &mut Value, key: &str) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if k == key
                    && let Value::String(hex) = child
                {
                    *child = json!({ "octets": hex.len() / 2, "hex": "(decoded below; --reveal to show)" });
                } else {
                    elide(child, key);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|c| elide(c, key)),
        _ => {}
    }
}

/// Masks every string under a `digits` key below `v`.
fn mask_numbers(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                match child {
                    Value::String(s) if k == "digits" => *s = inap::isup::mask(s),
                    _ => mask_numbers(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_numbers),
        _ => {}
    }
}

/// Removes members whose value is `null` (absent OPTIONAL members), recursively.
fn prune_nulls(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|_, c| !c.is_null());
            map.values_mut().for_each(prune_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(prune_nulls),
        _ => {}
    }
}
