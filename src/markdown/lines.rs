//! Byte offsets to 1-based line and column numbers.

use crate::model::Pos;

/// Maps byte offsets of a text to line/column positions, with a line offset for text that
/// starts below a front-matter block.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    first_line: u32,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`, whose first line is line `first_line` (1-based) of its file.
    pub fn new(text: &'a str, first_line: u32) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            starts,
            first_line,
        }
    }

    /// The position of byte `offset`.
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let col = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        Pos::new(line as u32 + self.first_line, col as u32 + 1)
    }

    /// The byte offset of `pos` (the inverse of [`LineIndex::pos`]); a position past the
    /// text's end gives its length.
    pub fn offset(&self, pos: Pos) -> usize {
        let line = pos.line.saturating_sub(self.first_line) as usize;
        let Some(&start) = self.starts.get(line) else {
            return self.text.len();
        };
        let col = pos.col.saturating_sub(1) as usize;
        (self.text[start..].char_indices().nth(col)).map_or(self.text.len(), |(i, _)| start + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_chars() {
        let idx = LineIndex::new("ab\nцд x\n", 3);
        assert_eq!(idx.pos(0), Pos::new(3, 1));
        assert_eq!(idx.pos(3), Pos::new(4, 1));
        // 'x' is after two 2-byte Cyrillic letters and a space.
        assert_eq!(idx.pos(8), Pos::new(4, 4));
        for offset in [0, 3, 8] {
            assert_eq!(idx.offset(idx.pos(offset)), offset);
        }
    }
}
