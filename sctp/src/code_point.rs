//! The `code_point!` macro: wire code points as open newtypes with named constants.
//!
//! A code point is a newtype over its wire integer, so a value the standard does not (yet) define
//! survives decode → encode unchanged; the named constants, [`name`](crate::ChunkType::name) and
//! `Debug`/`Display` give the standard's spelling where the value is known.

/// Defines `pub struct $name(pub $repr)` with one associated constant per listed value, a
/// `name()` giving the standard's name, `is_known()`, and `Debug`/`Display` that print the name.
macro_rules! code_point {
    (
        $(#[$meta:meta])*
        pub struct $name:ident($repr:ty);
        $(
            $(#[$cmeta:meta])*
            $konst:ident = $value:literal => $label:literal;
        )*
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
        pub struct $name(pub $repr);

        impl $name {
            $(
                $(#[$cmeta])*
                pub const $konst: Self = Self($value);
            )*

            /// The name the standard gives this value, or `None` for a value it does not define.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some($label), )*
                    _ => None,
                }
            }

            /// Whether the standard defines this value.
            pub const fn is_known(self) -> bool {
                self.name().is_some()
            }

            const fn const_name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some(stringify!($konst)), )*
                    _ => None,
                }
            }
        }

        impl From<$repr> for $name {
            fn from(value: $repr) -> Self {
                Self(value)
            }
        }

        impl From<$name> for $repr {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.const_name() {
                    Some(konst) => write!(f, "{}::{}", stringify!($name), konst),
                    None => write!(f, "{}({:#x})", stringify!($name), self.0),
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(name) => f.write_str(name),
                    None => write!(f, "unknown({:#x})", self.0),
                }
            }
        }
    };
}
