//! The `code_point!` macro: a wire code point as a `u8` newtype with named constants, so that an
//! unknown value survives a round trip (STYLE §3).

/// Defines `pub struct $name(pub u8)` with associated constants, `name()`, a `Debug` that prints
/// the constant's path when the value is named, and a `Display` of the standard's wording.
macro_rules! code_point {
    (
        $(#[$meta:meta])*
        pub struct $name:ident(u8);
        $(
            $(#[$cmeta:meta])*
            $const:ident = $value:literal, $text:literal;
        )*
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
        pub struct $name(pub u8);

        impl $name {
            $(
                $(#[$cmeta])*
                pub const $const: Self = Self($value);
            )*

            /// The standard's name for this value, or `None` when the value has no name.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some($text), )*
                    _ => None,
                }
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.0 {
                    $( $value => f.write_str(concat!(stringify!($name), "::", stringify!($const))), )*
                    other => write!(f, "{}({})", stringify!($name), other),
                }
            }
        }

        /// The standard's name and the value, e.g. `subsystem failure (3)`; `unnamed (n)` otherwise.
        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(name) => write!(f, "{} ({})", name, self.0),
                    None => write!(f, "unnamed ({})", self.0),
                }
            }
        }

        impl From<u8> for $name {
            fn from(value: u8) -> Self {
                Self(value)
            }
        }

        impl From<$name> for u8 {
            fn from(value: $name) -> u8 {
                value.0
            }
        }
    };
}

pub(crate) use code_point;
