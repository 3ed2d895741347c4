use polars::prelude::{
    BooleanChunkedBuilder, ChunkedBuilder, Column, DataType, Float64Type, Int64Type, IntoColumn,
    PlSmallStr, PrimitiveChunkedBuilder, StringChunkedBuilder,
};

/// How a connector decodes one column; chosen once per column from its declared type, so the
/// read loop does no per-value type dispatch beyond the buffer's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// 64-bit signed integers.
    Int,
    /// 64-bit floats.
    Float,
    /// Booleans.
    Bool,
    /// UTF-8 text (anything else is read as text).
    Text,
}

impl ColumnKind {
    /// The polars type the column ends up as.
    pub fn dtype(self) -> DataType {
        match self {
            ColumnKind::Int => DataType::Int64,
            ColumnKind::Float => DataType::Float64,
            ColumnKind::Bool => DataType::Boolean,
            ColumnKind::Text => DataType::String,
        }
    }
}

/// One decoded value, ready for a [`ColumnBuilder`] of its kind: text borrowed from the
/// connector's buffer where it can be, owned where decoding made it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// No value.
    Null,
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// Text.
    Text(std::borrow::Cow<'a, str>),
}

impl Cell<'_> {
    /// The value as text, for the rejects file.
    pub fn text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Int(n) => n.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Text(s) => s.to_string(),
        }
    }
}

/// One column of the batch being built, straight into polars' own builders: no `String` per
/// value (the server connectors append `&str` slices of the wire buffer).
/// A value cannot be taken back, so a connector checks a whole row before appending any of it.
pub enum ColumnBuilder {
    /// Integers.
    Int(PrimitiveChunkedBuilder<Int64Type>),
    /// Floats.
    Float(PrimitiveChunkedBuilder<Float64Type>),
    /// Booleans.
    Bool(BooleanChunkedBuilder),
    /// Text.
    Text(StringChunkedBuilder),
}

impl ColumnBuilder {
    /// An empty builder for `kind` with room for `capacity` values.
    pub fn new(kind: ColumnKind, name: impl Into<PlSmallStr>, capacity: usize) -> ColumnBuilder {
        let name = name.into();
        match kind {
            ColumnKind::Int => ColumnBuilder::Int(PrimitiveChunkedBuilder::new(name, capacity)),
            ColumnKind::Float => ColumnBuilder::Float(PrimitiveChunkedBuilder::new(name, capacity)),
            ColumnKind::Bool => ColumnBuilder::Bool(BooleanChunkedBuilder::new(name, capacity)),
            ColumnKind::Text => ColumnBuilder::Text(StringChunkedBuilder::new(name, capacity)),
        }
    }

    /// Appends a null.
    #[inline]
    pub fn push_null(&mut self) {
        match self {
            ColumnBuilder::Int(b) => b.append_null(),
            ColumnBuilder::Float(b) => b.append_null(),
            ColumnBuilder::Bool(b) => b.append_null(),
            ColumnBuilder::Text(b) => b.append_null(),
        }
    }

    /// Appends a value decoded for this column's kind; a cell of another kind appends a
    /// null, so the column keeps its row count whatever a decoder gave.
    #[inline]
    pub fn push_cell(&mut self, cell: Cell<'_>) {
        match (self, cell) {
            (ColumnBuilder::Int(b), Cell::Int(n)) => b.append_value(n),
            (ColumnBuilder::Float(b), Cell::Float(f)) => b.append_value(f),
            (ColumnBuilder::Bool(b), Cell::Bool(v)) => b.append_value(v),
            (ColumnBuilder::Text(b), Cell::Text(s)) => b.append_value(&s),
            (b, _) => b.push_null(),
        }
    }

    /// The polars column.
    pub fn finish(self) -> Column {
        match self {
            ColumnBuilder::Int(b) => b.finish().into_column(),
            ColumnBuilder::Float(b) => b.finish().into_column(),
            ColumnBuilder::Bool(b) => b.finish().into_column(),
            ColumnBuilder::Text(b) => b.finish().into_column(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_make_columns_of_their_kind() {
        for kind in [
            ColumnKind::Int,
            ColumnKind::Float,
            ColumnKind::Bool,
            ColumnKind::Text,
        ] {
            let mut b = ColumnBuilder::new(kind, "c", 2);
            b.push_null();
            if let ColumnBuilder::Text(t) = &mut b {
                t.append_value("x");
            }
            let column = b.finish();
            assert_eq!(column.dtype(), &kind.dtype());
            assert_eq!(column.null_count(), 1);
        }
    }
}
