//! Application-context names of INAP CS-1 and the aliases VNS recognises.
//!
//! A TCAP dialogue names, in its dialogue portion (AARQ/AARE), the application context whose
//! operations it carries. VNS answers dialogues opened with the CS-1 *SSP-to-SCP* context and
//! recognises three families of names for the same set of contexts:
//!
//! | family | arc | source |
//! |---|---|---|
//! | [`AcFamily::EtsiCs1`] | `{ itu-t(0) identified-organization(4) etsi(0) inDomain(1) in-network(1) ac(1) x version1(0) }` = `0.4.0.1.1.1.x.0` | ETS 300 374-1 §6.5 |
//! | [`AcFamily::ItuQ1218`] | `{ itu-t(0) recommendation(0) q(17) 1218 ac(1) x version1(0) }` = `0.0.17.1218.1.x.0` | see below |
//! | [`AcFamily::EricssonCs1Plus`] | `{ iso(1) member-body(2) gb(826) national(0) ericsson(1249) inDomain(51) inNetwork(1) cs1plus(1) ac(1) x rev }` = `1.2.826.0.1249.51.1.1.1.x.r` | see below |
//!
//! Sources and how sure they are:
//! - **ETSI CS-1** (`0.4.0.1.1.1.x.0`, x = 0…6): ETS 300 374-1 §6.5. The SSP-to-SCP value is also
//!   the one Wireshark registers for INAP (`cs1-ssp-to-scp`) and the one in the project's
//!   independently made vectors; the numbering 0…6 is as two independent open-source INAP
//!   implementations quote §6.5 (the standard's text itself was not at hand).
//! - **ITU-T Q.1218** (`0.0.17.1218.1.x.0`, x = 0…9): the Q.1218 text (§2.1.5) was *not* at hand.
//!   The values are those of the open-source jSS7 INAP stack (Mobius `corsac-jss7`,
//!   `INAPApplicationContext`); they agree with Q.1218's module arcs (`{ q 1218 modules(0) … }`) but
//!   are not checked against the Recommendation. Treat them as best effort.
//! - **Ericsson INAP CS1+** (`1.2.826.0.1249.51.1.1.1.x.r`, x = 0…8, r = 0 for revision A and 1 for
//!   revision B): the arc `1.2.826.0.1249.51.1.1` is named by Wireshark "ericsson(1249) inDomain(51)
//!   inNetwork(1) inNetworkcapabilitySet1plus(1)"; the last two arcs are those of jSS7. Ericsson's
//!   own documentation was not at hand. Note that `1.2.826.0.1249.58.1.0`, sometimes quoted for
//!   CS1+, is Ericsson's *MAP extension* identifier (Wireshark: `ericsson-gsm-Map-Ext`), not an
//!   application context: it is not recognised here.
//!
//! [`classify`] maps an OID to an [`ApplicationContext`], which tells the family, the
//! [`AcKind`] (role and direction) and, through [`ApplicationContext::etsi_equivalent`], the ETSI
//! CS-1 context it is an alias of (the Q.1218 generic SSF-to-SCF and every Ericsson SSP-to-SCP
//! revision are aliases of [`CS1_SSP_TO_SCP`]).

use std::fmt;

use tcap::ber::Oid;

/// Which body named the context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum AcFamily {
    /// ETSI Core INAP CS-1, ETS 300 374-1.
    EtsiCs1,
    /// ITU-T Q.1218 IN CS-1.
    ItuQ1218,
    /// Ericsson INAP CS1+ (a superset of Core INAP CS-1).
    EricssonCs1Plus,
}

impl fmt::Display for AcFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::EtsiCs1 => "ETSI Core INAP CS-1",
            Self::ItuQ1218 => "ITU-T Q.1218",
            Self::EricssonCs1Plus => "Ericsson INAP CS1+",
        })
    }
}

/// A functional entity of the IN distributed functional plane (Q.1214).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Entity {
    /// Service switching function (in the SSP, the carrier's switch).
    Ssf,
    /// Service control function (in the SCP: VNS).
    Scf,
    /// Specialised resource function (in an intelligent peripheral).
    Srf,
}

/// What a context is for: its role, which tells who opens the dialogue and who answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum AcKind {
    /// SSP to SCP: the SSF opens with InitialDP (ETSI `cs1-ssp-to-scp(0)`, Q.1218 generic
    /// SSF-to-SCF). The context VNS serves.
    SspToScp,
    /// Assisting or hand-off SSP to SCP: opened with AssistRequestInstructions (ETSI (1)).
    AssistHandoffSspToScp,
    /// Intelligent peripheral (SRF) to SCP (ETSI (2), Q.1218 SRF-to-SCF).
    IpToScp,
    /// SCP to SSP: the SCF opens, e.g. with InitiateCallAttempt (ETSI (3), Q.1218 generic
    /// SCF-to-SSF).
    ScpToSsp,
    /// SCP to SSP traffic management, e.g. CallGap (ETSI (4)).
    ScpToSspTrafficManagement,
    /// SCP to SSP service management, e.g. ActivateServiceFiltering (ETSI (5)).
    ScpToSspServiceManagement,
    /// SSP to SCP service management, e.g. ServiceFilteringResponse (ETSI (6)).
    SspToScpServiceManagement,
    /// Q.1218 only: DP-specific SSF to SCF.
    DpSpecificSsfToScf,
    /// Q.1218 only: DP-specific SCF to SSF.
    DpSpecificScfToSsf,
    /// Q.1218 only: SCF to SSF status reporting.
    ScfToSsfStatusReporting,
    /// Ericsson CS1+ only: data management.
    DataManagement,
    /// Ericsson CS1+ only: SCP to SSP traffic limitation.
    ScpToSspTrafficLimitation,
}

impl AcKind {
    /// The entity that opens a dialogue in this context.
    pub fn initiator(self) -> Entity {
        match self {
            Self::SspToScp
            | Self::AssistHandoffSspToScp
            | Self::SspToScpServiceManagement
            | Self::DpSpecificSsfToScf => Entity::Ssf,
            Self::IpToScp => Entity::Srf,
            Self::ScpToSsp
            | Self::ScpToSspTrafficManagement
            | Self::ScpToSspServiceManagement
            | Self::DpSpecificScfToSsf
            | Self::ScfToSsfStatusReporting
            | Self::DataManagement
            | Self::ScpToSspTrafficLimitation => Entity::Scf,
        }
    }

    /// The entity that answers.
    pub fn responder(self) -> Entity {
        match self.initiator() {
            Entity::Ssf | Entity::Srf => Entity::Scf,
            Entity::Scf => Entity::Ssf,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::SspToScp => "SSP-to-SCP",
            Self::AssistHandoffSspToScp => "assist-handoff-SSP-to-SCP",
            Self::IpToScp => "IP-to-SCP",
            Self::ScpToSsp => "SCP-to-SSP",
            Self::ScpToSspTrafficManagement => "SCP-to-SSP-traffic-management",
            Self::ScpToSspServiceManagement => "SCP-to-SSP-service-management",
            Self::SspToScpServiceManagement => "SSP-to-SCP-service-management",
            Self::DpSpecificSsfToScf => "DP-specific-SSF-to-SCF",
            Self::DpSpecificScfToSsf => "DP-specific-SCF-to-SSF",
            Self::ScfToSsfStatusReporting => "SCF-to-SSF-status-reporting",
            Self::DataManagement => "data-management",
            Self::ScpToSspTrafficLimitation => "SCP-to-SSP-traffic-limitation",
        }
    }

    /// Q.1218 speaks of functions (SSF, SCF, SRF) where ETSI speaks of physical entities.
    fn q1218_label(self) -> &'static str {
        match self {
            Self::SspToScp => "generic-SSF-to-SCF",
            Self::AssistHandoffSspToScp => "assist-handoff-SSF-to-SCF",
            Self::IpToScp => "SRF-to-SCF",
            Self::ScpToSsp => "generic-SCF-to-SSF",
            Self::ScpToSspTrafficManagement => "SCF-to-SSF-traffic-management",
            Self::ScpToSspServiceManagement => "SCF-to-SSF-service-management",
            Self::SspToScpServiceManagement => "SSF-to-SCF-service-management",
            other => other.label(),
        }
    }
}

/// A recognised application-context name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ApplicationContext {
    family: AcFamily,
    kind: AcKind,
    /// Ericsson CS1+ revision: 0 = A, 1 = B; 0 for the other families.
    revision: u8,
    oid: Oid,
}

impl ApplicationContext {
    const fn new(family: AcFamily, kind: AcKind, revision: u8, oid: Oid) -> Self {
        Self {
            family,
            kind,
            revision,
            oid,
        }
    }

    /// The family that named it.
    pub fn family(&self) -> AcFamily {
        self.family
    }

    /// Its role and direction.
    pub fn kind(&self) -> AcKind {
        self.kind
    }

    /// The Ericsson CS1+ revision (0 = A, 1 = B); 0 for the other families.
    pub fn revision(&self) -> u8 {
        self.revision
    }

    /// The OBJECT IDENTIFIER.
    pub fn oid(&self) -> Oid {
        self.oid
    }

    /// The ETSI Core INAP CS-1 context this one is an alias of, if CS-1 has one of the same
    /// role (itself for an ETSI context).
    pub fn etsi_equivalent(&self) -> Option<ApplicationContext> {
        ETSI_CS1.iter().find(|ac| ac.kind == self.kind).copied()
    }

    /// Whether this is the CS-1 SSP-to-SCP context or an alias of it: the dialogues VNS serves.
    pub fn is_ssp_to_scp(&self) -> bool {
        self.kind == AcKind::SspToScp
    }
}

impl fmt::Display for ApplicationContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.family {
            AcFamily::EtsiCs1 => write!(f, "Core-INAP-CS1-{}-AC", self.kind.label()),
            AcFamily::ItuQ1218 => write!(f, "Q.1218-{}-AC", self.kind.q1218_label()),
            AcFamily::EricssonCs1Plus => {
                let rev = if self.revision == 0 { 'A' } else { 'B' };
                write!(f, "Ericsson-CS1+-{}-AC (rev. {rev})", self.kind.label())
            }
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ApplicationContext {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut st = s.serialize_struct("ApplicationContext", 5)?;
        st.serialize_field("name", &self.to_string())?;
        st.serialize_field("oid", &self.oid.to_string())?;
        st.serialize_field("family", &self.family)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("revision", &self.revision)?;
        st.end()
    }
}

/// Which application context `oid` names, or `None` if it is not one VNS recognises.
pub fn classify(oid: &Oid) -> Option<ApplicationContext> {
    ALL.iter().find(|ac| ac.oid == *oid).copied()
}

// ETS 300 374-1 §6.5: { itu-t(0) identified-organization(4) etsi(0) inDomain(1) in-network(1) ac(1) x version1(0) }

/// Core-INAP-CS1-SSP-to-SCP-AC, `0.4.0.1.1.1.0.0`.
pub const CS1_SSP_TO_SCP: Oid = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 0, 0]);
/// Core-INAP-CS1-assist-handoff-SSP-to-SCP-AC, `0.4.0.1.1.1.1.0`.
pub const CS1_ASSIST_HANDOFF_SSP_TO_SCP: Oid = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 1, 0]);
/// Core-INAP-CS1-IP-to-SCP-AC, `0.4.0.1.1.1.2.0`.
pub const CS1_IP_TO_SCP: Oid = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 2, 0]);
/// Core-INAP-CS1-SCP-to-SSP-AC, `0.4.0.1.1.1.3.0`.
pub const CS1_SCP_TO_SSP: Oid = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 3, 0]);
/// Core-INAP-CS1-SCP-to-SSP-traffic-management-AC, `0.4.0.1.1.1.4.0`.
pub const CS1_SCP_TO_SSP_TRAFFIC_MANAGEMENT: Oid = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 4, 0]);
/// Core-INAP-CS1-SCP-to-SSP-service-management-AC, `0.4.0.1.1.1.5.0`.
pub const CS1_SCP_TO_SSP_SERVICE_MANAGEMENT: Oid = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 5, 0]);
/// Core-INAP-CS1-SSP-to-SCP-service-management-AC, `0.4.0.1.1.1.6.0`.
pub const CS1_SSP_TO_SCP_SERVICE_MANAGEMENT: Oid = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 6, 0]);

// Q.1218 (values of jSS7, see the module docs): { itu-t(0) recommendation(0) q(17) 1218 ac(1) x version1(0) }

/// Q.1218 generic SSF-to-SCF, `0.0.17.1218.1.0.0`: alias of [`CS1_SSP_TO_SCP`].
pub const Q1218_GENERIC_SSF_TO_SCF: Oid = Oid::from_arcs(&[0, 0, 17, 1218, 1, 0, 0]);
/// Q.1218 DP-specific SSF-to-SCF, `0.0.17.1218.1.1.0`.
pub const Q1218_DP_SPECIFIC_SSF_TO_SCF: Oid = Oid::from_arcs(&[0, 0, 17, 1218, 1, 1, 0]);
/// Q.1218 assist-handoff SSF-to-SCF, `0.0.17.1218.1.2.0`.
pub const Q1218_ASSIST_HANDOFF_SSF_TO_SCF: Oid = Oid::from_arcs(&[0, 0, 17, 1218, 1, 2, 0]);
/// Q.1218 SRF-to-SCF, `0.0.17.1218.1.3.0`.
pub const Q1218_SRF_TO_SCF: Oid = Oid::from_arcs(&[0, 0, 17, 1218, 1, 3, 0]);
/// Q.1218 generic SCF-to-SSF, `0.0.17.1218.1.4.0`.
pub const Q1218_GENERIC_SCF_TO_SSF: Oid = Oid::from_arcs(&[0, 0, 17, 1218, 1, 4, 0]);
/// Q.1218 DP-specific SCF-to-SSF, `0.0.17.1218.1.5.0`.
pub const Q1218_DP_SPECIFIC_SCF_TO_SSF: Oid = Oid::from_arcs(&[0, 0, 17, 1218, 1, 5, 0]);
/// Q.1218 SCF-to-SSF traffic management, `0.0.17.1218.1.6.0`.
pub const Q1218_SCF_TO_SSF_TRAFFIC_MANAGEMENT: Oid = Oid::from_arcs(&[0, 0, 17, 1218, 1, 6, 0]);
/// Q.1218 SCF-to-SSF service management, `0.0.17.1218.1.7.0`.
pub const Q1218_SCF_TO_SSF_SERVICE_MANAGEMENT: Oid = Oid::from_arcs(&[0, 0, 17, 1218, 1, 7, 0]);
/// Q.1218 SSF-to-SCF service management, `0.0.17.1218.1.8.0`.
pub const Q1218_SSF_TO_SCF_SERVICE_MANAGEMENT: Oid = Oid::from_arcs(&[0, 0, 17, 1218, 1, 8, 0]);
/// Q.1218 SCF-to-SSF status reporting, `0.0.17.1218.1.9.0`.
pub const Q1218_SCF_TO_SSF_STATUS_REPORTING: Oid = Oid::from_arcs(&[0, 0, 17, 1218, 1, 9, 0]);

// Ericsson CS1+ (see the module docs): 1.2.826.0.1249.51.1.1.1.x.r

const fn ericsson(x: u32, revision: u32) -> Oid {
    Oid::from_arcs(&[1, 2, 826, 0, 1249, 51, 1, 1, 1, x, revision])
}

/// Ericsson CS1+ SSP-to-SCP, revision A, `1.2.826.0.1249.51.1.1.1.0.0`: alias of [`CS1_SSP_TO_SCP`].
pub const ERICSSON_CS1PLUS_SSP_TO_SCP: Oid = ericsson(0, 0);
/// Ericsson CS1+ SSP-to-SCP, revision B, `1.2.826.0.1249.51.1.1.1.0.1`: alias of [`CS1_SSP_TO_SCP`].
pub const ERICSSON_CS1PLUS_SSP_TO_SCP_REV_B: Oid = ericsson(0, 1);

/// The ETSI CS-1 contexts, in §6.5 order.
pub const ETSI_CS1: [ApplicationContext; 7] = [
    ApplicationContext::new(AcFamily::EtsiCs1, AcKind::SspToScp, 0, CS1_SSP_TO_SCP),
    ApplicationContext::new(
        AcFamily::EtsiCs1,
        AcKind::AssistHandoffSspToScp,
        0,
        CS1_ASSIST_HANDOFF_SSP_TO_SCP,
    ),
    ApplicationContext::new(AcFamily::EtsiCs1, AcKind::IpToScp, 0, CS1_IP_TO_SCP),
    ApplicationContext::new(AcFamily::EtsiCs1, AcKind::ScpToSsp, 0, CS1_SCP_TO_SSP),
    ApplicationContext::new(
        AcFamily::EtsiCs1,
        AcKind::ScpToSspTrafficManagement,
        0,
        CS1_SCP_TO_SSP_TRAFFIC_MANAGEMENT,
    ),
    ApplicationContext::new(
        AcFamily::EtsiCs1,
        AcKind::ScpToSspServiceManagement,
        0,
        CS1_SCP_TO_SSP_SERVICE_MANAGEMENT,
    ),
    ApplicationContext::new(
        AcFamily::EtsiCs1,
        AcKind::SspToScpServiceManagement,
        0,
        CS1_SSP_TO_SCP_SERVICE_MANAGEMENT,
    ),
];

const Q1218: [ApplicationContext; 10] = [
    ApplicationContext::new(
        AcFamily::ItuQ1218,
        AcKind::SspToScp,
        0,
        Q1218_GENERIC_SSF_TO_SCF,
    ),
    ApplicationContext::new(
        AcFamily::ItuQ1218,
        AcKind::DpSpecificSsfToScf,
        0,
        Q1218_DP_SPECIFIC_SSF_TO_SCF,
    ),
    ApplicationContext::new(
        AcFamily::ItuQ1218,
        AcKind::AssistHandoffSspToScp,
        0,
        Q1218_ASSIST_HANDOFF_SSF_TO_SCF,
    ),
    ApplicationContext::new(AcFamily::ItuQ1218, AcKind::IpToScp, 0, Q1218_SRF_TO_SCF),
    ApplicationContext::new(
        AcFamily::ItuQ1218,
        AcKind::ScpToSsp,
        0,
        Q1218_GENERIC_SCF_TO_SSF,
    ),
    ApplicationContext::new(
        AcFamily::ItuQ1218,
        AcKind::DpSpecificScfToSsf,
        0,
        Q1218_DP_SPECIFIC_SCF_TO_SSF,
    ),
    ApplicationContext::new(
        AcFamily::ItuQ1218,
        AcKind::ScpToSspTrafficManagement,
        0,
        Q1218_SCF_TO_SSF_TRAFFIC_MANAGEMENT,
    ),
    ApplicationContext::new(
        AcFamily::ItuQ1218,
        AcKind::ScpToSspServiceManagement,
        0,
        Q1218_SCF_TO_SSF_SERVICE_MANAGEMENT,
    ),
    ApplicationContext::new(
        AcFamily::ItuQ1218,
        AcKind::SspToScpServiceManagement,
        0,
        Q1218_SSF_TO_SCF_SERVICE_MANAGEMENT,
    ),
    ApplicationContext::new(
        AcFamily::ItuQ1218,
        AcKind::ScfToSsfStatusReporting,
        0,
        Q1218_SCF_TO_SSF_STATUS_REPORTING,
    ),
];

/// The Ericsson CS1+ kinds by their `x` arc.
const ERICSSON_KINDS: [AcKind; 9] = [
    AcKind::SspToScp,
    AcKind::AssistHandoffSspToScp,
    AcKind::IpToScp,
    AcKind::ScpToSsp,
    AcKind::ScpToSspTrafficManagement,
    AcKind::ScpToSspServiceManagement,
    AcKind::SspToScpServiceManagement,
    AcKind::DataManagement,
    AcKind::ScpToSspTrafficLimitation,
];

const fn ericsson_all() -> [ApplicationContext; 18] {
    let mut out = [ETSI_CS1[0]; 18];
    let mut i = 0;
    while i < 18 {
        let x = i % 9;
        let revision = i / 9;
        out[i] = ApplicationContext::new(
            AcFamily::EricssonCs1Plus,
            ERICSSON_KINDS[x],
            revision as u8,
            ericsson(x as u32, revision as u32),
        );
        i += 1;
    }
    out
}

const ERICSSON: [ApplicationContext; 18] = ericsson_all();

const fn concat_all() -> [ApplicationContext; 35] {
    let mut out = [ETSI_CS1[0]; 35];
    let mut i = 0;
    while i < 7 {
        out[i] = ETSI_CS1[i];
        i += 1;
    }
    let mut j = 0;
    while j < 10 {
        out[7 + j] = Q1218[j];
        j += 1;
    }
    let mut k = 0;
    while k < 18 {
        out[17 + k] = ERICSSON[k];
        k += 1;
    }
    out
}

/// Every recognised context: ETSI CS-1, then Q.1218, then Ericsson CS1+ revision A and B.
pub const ALL: [ApplicationContext; 35] = concat_all();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssp_to_scp_encodes_as_in_the_vector() {
        // The AARQ of /work/shared/oracles/vectors/idp_begin_m3ua.hex carries 06 07 04 00 01 01 01 00 00.
        assert_eq!(
            CS1_SSP_TO_SCP.as_bytes(),
            [0x04, 0x00, 0x01, 0x01, 0x01, 0x00, 0x00]
        );
        let ac = classify(&CS1_SSP_TO_SCP).expect("recognised");
        assert_eq!(ac.family(), AcFamily::EtsiCs1);
        assert_eq!(ac.kind(), AcKind::SspToScp);
        assert!(ac.is_ssp_to_scp());
        assert_eq!(ac.kind().initiator(), Entity::Ssf);
        assert_eq!(ac.kind().responder(), Entity::Scf);
        assert_eq!(ac.to_string(), "Core-INAP-CS1-SSP-to-SCP-AC");
        assert_eq!(ac.etsi_equivalent(), Some(ac));
    }

    #[test]
    fn aliases_map_to_the_etsi_ssp_to_scp() {
        for oid in [
            Q1218_GENERIC_SSF_TO_SCF,
            ERICSSON_CS1PLUS_SSP_TO_SCP,
            ERICSSON_CS1PLUS_SSP_TO_SCP_REV_B,
        ] {
            let ac = classify(&oid).expect("recognised");
            assert!(ac.is_ssp_to_scp(), "{ac}");
            assert_eq!(ac.etsi_equivalent().map(|e| e.oid()), Some(CS1_SSP_TO_SCP));
        }
        let b = classify(&ERICSSON_CS1PLUS_SSP_TO_SCP_REV_B).expect("recognised");
        assert_eq!(b.revision(), 1);
        assert_eq!(b.to_string(), "Ericsson-CS1+-SSP-to-SCP-AC (rev. B)");
        assert_eq!(b.oid().to_string(), "1.2.826.0.1249.51.1.1.1.0.1");
    }

    #[test]
    fn every_context_is_distinct_and_classifies_to_itself() {
        for (i, a) in ALL.iter().enumerate() {
            assert_eq!(classify(&a.oid()), Some(*a));
            for b in &ALL[i + 1..] {
                assert_ne!(a.oid(), b.oid(), "{a} and {b}");
            }
        }
    }

    #[test]
    fn dotted_forms() {
        let dotted: Vec<String> = ETSI_CS1.iter().map(|a| a.oid().to_string()).collect();
        assert_eq!(
            dotted,
            [
                "0.4.0.1.1.1.0.0",
                "0.4.0.1.1.1.1.0",
                "0.4.0.1.1.1.2.0",
                "0.4.0.1.1.1.3.0",
                "0.4.0.1.1.1.4.0",
                "0.4.0.1.1.1.5.0",
                "0.4.0.1.1.1.6.0"
            ]
        );
        assert_eq!(
            Q1218_SCF_TO_SSF_STATUS_REPORTING.to_string(),
            "0.0.17.1218.1.9.0"
        );
        // 1218 needs two octets: 0x89 0x42.
        assert_eq!(
            Q1218_GENERIC_SSF_TO_SCF.as_bytes(),
            [0x00, 0x11, 0x89, 0x42, 0x01, 0x00, 0x00]
        );
    }

    #[test]
    fn unknown_and_near_misses_are_not_recognised() {
        for arcs in [
            &[0u32, 4, 0, 1, 1, 1, 7, 0][..],         // no seventh ETSI context
            &[0, 4, 0, 1, 1, 1, 0, 1],                // version 2
            &[0, 4, 0, 1, 1, 0, 3, 0], // the Core-INAP-CS1-Codes module, not a context
            &[1, 2, 826, 0, 1249, 58, 1, 0], // Ericsson MAP extension
            &[1, 2, 826, 0, 1249, 51, 1, 1, 1, 9, 0], // no tenth Ericsson context
            &[0, 4, 0, 0, 1, 0, 50, 2], // a GSM MAP context
        ] {
            assert_eq!(classify(&Oid::from_arcs(arcs)), None, "{arcs:?}");
        }
    }

    #[test]
    fn roles_and_equivalents() {
        let status = classify(&Q1218_SCF_TO_SSF_STATUS_REPORTING).expect("recognised");
        assert_eq!(status.etsi_equivalent(), None);
        assert_eq!(status.kind().initiator(), Entity::Scf);
        let srf = classify(&Q1218_SRF_TO_SCF).expect("recognised");
        assert_eq!(srf.kind().initiator(), Entity::Srf);
        assert_eq!(srf.etsi_equivalent().map(|e| e.oid()), Some(CS1_IP_TO_SCP));
        assert_eq!(srf.to_string(), "Q.1218-SRF-to-SCF-AC");
        assert_eq!(AcFamily::ItuQ1218.to_string(), "ITU-T Q.1218");
    }
}
