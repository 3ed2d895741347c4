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

/// Accumulates the values of one column for one batch.
#[derive(Debug)]
pub enum ColumnBuffer {
    /// Integers.
    Int(Vec<Option<i64>>),
    /// Floats.
    Float(Vec<Option<f64>>),
    /// Booleans.
    Bool(Vec<Option<bool>>),
    /// Text.
    Text(Vec<Option<String>>),
}

impl ColumnBuffer {
    /// An empty buffer for `kind` with room for `capacity` values.
    pub fn new(kind: ColumnKind, capacity: usize) -> ColumnBuffer {
        match kind {
            ColumnKind::Int => ColumnBuffer::Int(Vec::with_capacity(capacity)),
            ColumnKind::Float => ColumnBuffer::Float(Vec::with_capacity(capacity)),
            ColumnKind::Bool => ColumnBuffer::Bool(Vec::with_capacity(capacity)),
            ColumnKind::Text => ColumnBuffer::Text(Vec::with_capacity(capacity)),
        }
    }

    /// Appends a null.
    pub fn push_null(&mut self) {
        match self {
            ColumnBuffer::Int(v) => v.push(None),
            ColumnBuffer::Float(v) => v.push(None),
            ColumnBuffer::Bool(v) => v.push(None),
            ColumnBuffer::Text(v) => v.push(None),
        }
    }

    /// Number of values so far.
    pub fn len(&self) -> usize {
        match self {
            ColumnBuffer::Int(v) => v.len(),
            ColumnBuffer::Float(v) => v.len(),
            ColumnBuffer::Bool(v) => v.len(),
            ColumnBuffer::Text(v) => v.len(),
        }
    }

    /// Whether no value was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops the last value (used when a later column of the same row rejects the row).
    pub fn pop(&mut self) {
        match self {
            ColumnBuffer::Int(v) => {
                v.pop();
            }
            ColumnBuffer::Float(v) => {
                v.pop();
            }
            ColumnBuffer::Bool(v) => {
                v.pop();
            }
            ColumnBuffer::Text(v) => {
                v.pop();
            }
        }
    }

    /// Turns the buffer into a polars column and leaves an empty buffer of the same kind.
    pub fn take_column(&mut self, name: &str) -> Column {
        let name = PlSmallStr::from(name);
        match self {
            ColumnBuffer::Int(v) => Column::new(name, std::mem::take(v)),
            ColumnBuffer::Float(v) => Column::new(name, std::mem::take(v)),
            ColumnBuffer::Bool(v) => Column::new(name, std::mem::take(v)),
            ColumnBuffer::Text(v) => Column::new(name, std::mem::take(v)),
        }
    }
}

/// One column of the batch being built, straight into polars' own builders: no `String` per
/// value (the server connectors append `&str` slices of the wire buffer).
/// Unlike [`ColumnBuffer`] a value cannot be taken back, so a connector checks a whole row
/// before appending any of it (the SQLite connector, which pops, still uses `ColumnBuffer`).
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
    fn buffers_become_columns_of_their_kind() {
        let mut b = ColumnBuffer::new(ColumnKind::Int, 2);
        if let ColumnBuffer::Int(v) = &mut b {
            v.push(Some(7));
        }
        b.push_null();
        let c = b.take_column("n");
        assert_eq!(c.dtype(), &DataType::Int64);
        assert_eq!(c.len(), 2);
        assert_eq!(c.null_count(), 1);
        assert!(b.is_empty());
        let mut t = ColumnBuffer::new(ColumnKind::Text, 1);
        t.push_null();
        t.pop();
        assert!(t.is_empty());
        assert_eq!(t.take_column("s").dtype(), &ColumnKind::Text.dtype());
    }

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
