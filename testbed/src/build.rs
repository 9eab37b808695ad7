//! Building complete M3UA DATA messages carrying INAP operations, as a switch or an SCP sends them.
//!
//! The defaults reproduce the project's reference vectors byte for byte (the InitialDP a switch with
//! point code 3 sends to the SCP at point code 2, routing context 2, SCCP global titles
//! `8250412345678` / `821099990000` on SSN 241, TCAP transaction id `01020304`, the CS-1 SSP-to-SCP
//! application context), so an engineer changes only what differs in their network.

use bytes::Bytes;
use inap::isup::{
    CalledPartyNumber, CallingPartyNumber, CallingPartysCategory, IsupError, NatureOfAddress,
    NumberingPlan, OriginalCalledPartyId, Presentation, Screening,
};
use inap::operations::datatypes::EventTypeBcsm;
use inap::operations::{Argument, ConnectArg, InitialDpArg};
use sccp::{Digits, GlobalTitle, SccpAddress, SubsystemNumber};
use tcap::ber::Oid;
use tcap::{Component, TransactionId};

pub use crate::error::BuildError;

/// Where a message goes: the M3UA routing label and the SCCP addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Addressing {
    /// M3UA routing context (none: the parameter is left out).
    pub routing_context: Option<u32>,
    /// Originating point code.
    pub opc: u32,
    /// Destination point code.
    pub dpc: u32,
    /// Network indicator (2 = national).
    pub ni: u8,
    /// Signalling link selection.
    pub sls: u8,
    /// Called party global title digits (E.164, international).
    pub called_gt: String,
    /// Calling party global title digits.
    pub calling_gt: String,
    /// Subsystem number on both sides.
    pub ssn: u8,
}

impl Addressing {
    /// The switch's side of the reference vector: SSP (PC 3, GT 821099990000) to SCP (PC 2, GT
    /// 8250412345678), routing context 2.
    pub fn ssp_to_scp() -> Self {
        Self {
            routing_context: Some(2),
            opc: 3,
            dpc: 2,
            ni: 2,
            sls: 5,
            called_gt: "8250412345678".into(),
            calling_gt: "821099990000".into(),
            ssn: 241,
        }
    }

    /// The answer's direction: everything swapped, routing context 3.
    pub fn scp_to_ssp() -> Self {
        let s = Self::ssp_to_scp();
        Self {
            routing_context: Some(3),
            opc: s.dpc,
            dpc: s.opc,
            called_gt: s.calling_gt,
            calling_gt: s.called_gt,
            ..s
        }
    }

    fn address(digits: &str, ssn: u8) -> Result<SccpAddress, BuildError> {
        let digits = Digits::new(digits)
            .map_err(|e| BuildError::Invalid(format!("global title {digits:?}: {e}")))?;
        Ok(
            SccpAddress::from_global_title(GlobalTitle::e164(digits))
                .with_ssn(SubsystemNumber(ssn)),
        )
    }

    /// Wraps a TCAP message in SCCP UDT (class 1, return on error) and M3UA DATA.
    pub fn wrap(&self, tcap: Bytes) -> Result<Bytes, BuildError> {
        let udt = sccp::Udt::new(
            Self::address(&self.called_gt, self.ssn)?,
            Self::address(&self.calling_gt, self.ssn)?,
            tcap,
        )
        .with_protocol_class(sccp::ProtocolClass::CLASS_1_RETURN_ON_ERROR);
        let sccp = sccp::Message::Udt(udt)
            .to_bytes()
            .map_err(|e| BuildError::Invalid(format!("SCCP: {e}")))?;
        let data = m3ua::transfer::Data {
            network_appearance: None,
            routing_context: self.routing_context,
            protocol_data: m3ua::ProtocolData {
                opc: self.opc,
                dpc: self.dpc,
                si: 3,
                ni: self.ni,
                mp: 0,
                sls: self.sls,
                user_data: sccp,
            },
            correlation_id: None,
            unknown: Vec::new(),
        };
        m3ua::Message::Data(data)
            .to_bytes()
            .map_err(|e| BuildError::Invalid(format!("M3UA: {e}")))
    }
}

/// The values of an InitialDP.
#[derive(Clone, Debug)]
pub struct IdpOptions {
    /// Called party number (the virtual number dialled).
    pub called: String,
    /// Calling party number; `None` leaves it out.
    pub calling: Option<String>,
    /// Service key.
    pub service_key: u32,
    /// Calling party's category (10 = ordinary subscriber).
    pub category: u8,
    /// Event type BCSM (2 = collectedInfo, 3 = analysedInformation, 12 = termAttemptAuthorized).
    pub event: u8,
    /// TCAP originating transaction id.
    pub otid: TransactionId,
    /// Invoke id.
    pub invoke_id: i8,
    /// Send the AARQ dialogue portion with this application context (`None`: no dialogue portion).
    pub application_context: Option<Oid>,
    /// Routing label and SCCP addresses.
    pub addressing: Addressing,
}

impl IdpOptions {
    /// The reference vector's values for a call from `calling` to `called`.
    pub fn new(called: &str, calling: Option<&str>) -> Self {
        Self {
            called: called.into(),
            calling: calling.map(Into::into),
            service_key: 100,
            category: 10,
            event: 2,
            otid: TransactionId::from_u32(0x0102_0304),
            invoke_id: 1,
            application_context: Some(inap::ac::CS1_SSP_TO_SCP),
            addressing: Addressing::ssp_to_scp(),
        }
    }
}

fn number<T>(what: &'static str, r: Result<T, IsupError>) -> Result<T, BuildError> {
    r.map_err(|source| BuildError::Number { what, source })
}

/// A calling party number as a switch sends it for a subscriber line: national or international
/// (leading `+`), presentation allowed, user provided and verified.
fn calling_party(text: &str) -> Result<CallingPartyNumber, BuildError> {
    let (nai, digits) = match text.strip_prefix('+') {
        Some(d) => (NatureOfAddress::INTERNATIONAL, d),
        None => (NatureOfAddress::NATIONAL, text),
    };
    number(
        "calling",
        CallingPartyNumber::new(
            nai,
            NumberingPlan::ISDN,
            Presentation::ALLOWED,
            Screening::USER_PROVIDED_VERIFIED_PASSED,
            digits,
        ),
    )
}

/// The M3UA DATA message carrying a TCAP Begin with one InitialDP invoke.
pub fn initial_dp(o: &IdpOptions) -> Result<Bytes, BuildError> {
    o.addressing.wrap(initial_dp_tcap(o)?.to_bytes())
}

/// The InitialDP argument a switch sends for a call.
pub fn initial_dp_arg(
    called: &str,
    calling: Option<&str>,
    service_key: u32,
    category: u8,
    event: u8,
) -> Result<InitialDpArg, BuildError> {
    let mut arg = InitialDpArg::new(
        inap::operations::datatypes::ServiceKey::new(i64::from(service_key))
            .ok_or_else(|| BuildError::Invalid("service key out of range".into()))?,
    );
    arg.called_party_number = Some(number("called", CalledPartyNumber::parse(called))?);
    arg.calling_party_number = calling.map(calling_party).transpose()?;
    arg.calling_partys_category = Some(CallingPartysCategory(category));
    arg.event_type_bcsm = Some(EventTypeBcsm(event));
    Ok(arg)
}

/// The TCAP Begin with one InitialDP invoke (no addressing).
pub fn initial_dp_tcap(o: &IdpOptions) -> Result<tcap::Message, BuildError> {
    let arg = initial_dp_arg(
        &o.called,
        o.calling.as_deref(),
        o.service_key,
        o.category,
        o.event,
    )?;
    let component = invoke(o.invoke_id, &Argument::InitialDp(arg));
    Ok(tcap::Message::begin(
        o.otid,
        o.application_context,
        vec![component],
    ))
}

/// The values of a Connect answer.
#[derive(Clone, Debug)]
pub struct ConnectOptions {
    /// Destination routing address (the real number).
    pub dra: String,
    /// Original called party id (the virtual number), if sent.
    pub original_called: Option<String>,
    /// Calling party number presented to the callee (two-way masking), if sent.
    pub calling: Option<String>,
    /// TCAP destination transaction id (the switch's otid).
    pub dtid: TransactionId,
    /// Invoke id.
    pub invoke_id: i8,
    /// Answer the AARQ with an AARE (accepted) for this application context (`None`: no dialogue
    /// portion).
    pub application_context: Option<Oid>,
    /// Send a TC-CONTINUE (with this otid) instead of a TC-END.
    pub continue_otid: Option<TransactionId>,
    /// Routing label and SCCP addresses.
    pub addressing: Addressing,
}

impl ConnectOptions {
    /// The reference vector's values for a Connect to `dra`.
    pub fn new(dra: &str) -> Self {
        Self {
            dra: dra.into(),
            original_called: None,
            calling: None,
            dtid: TransactionId::from_u32(0x0102_0304),
            invoke_id: 1,
            application_context: Some(inap::ac::CS1_SSP_TO_SCP),
            continue_otid: None,
            addressing: Addressing::scp_to_ssp(),
        }
    }
}

/// The M3UA DATA message carrying a TCAP End (or Continue) with one Connect invoke.
pub fn connect(o: &ConnectOptions) -> Result<Bytes, BuildError> {
    let mut arg = ConnectArg::new(number("dra", CalledPartyNumber::parse(&o.dra))?);
    arg.original_called_party_id = o
        .original_called
        .as_deref()
        .map(|n| number("original-called", OriginalCalledPartyId::parse(n)))
        .transpose()?;
    arg.calling_party_number = o.calling.as_deref().map(calling_party).transpose()?;
    let component = invoke(o.invoke_id, &Argument::Connect(arg));
    let dtid = o.dtid;
    let msg = match (o.continue_otid, o.application_context) {
        (None, Some(acn)) => tcap::Message::end_accepted(dtid, acn, vec![component]),
        (None, None) => tcap::Message::End(tcap::End {
            dtid,
            dialogue_portion: None,
            components: vec![component],
        }),
        (Some(otid), acn) => match acn {
            Some(acn) => tcap::Message::continue_accepted(otid, dtid, acn, vec![component]),
            None => tcap::Message::Continue(tcap::Continue {
                otid,
                dtid,
                dialogue_portion: None,
                components: vec![component],
            }),
        },
    };
    o.addressing.wrap(msg.to_bytes())
}

/// A TCAP Invoke carrying an INAP argument.
pub fn invoke(invoke_id: i8, argument: &Argument) -> Component {
    // An argument we encoded is one well-formed BER element.
    Component::Invoke(
        argument
            .to_invoke(invoke_id)
            .expect("INAP encodes one BER element"),
    )
}
