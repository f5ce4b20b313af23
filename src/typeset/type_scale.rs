//! The type scale: every display size and spacing the typesetter uses, in one place, as a
//! multiple of the body size (`…_SCALE`, `…_EM`), of the body leading (`…_LINES`), or of
//! some other named measure. Each has a line on why it has its value; the line breaker's
//! costs live in `linebreak` and the paginator's rules in `paginate`.

// Sizes of type, as multiples of the body size.

/// Heading sizes by level (h1…h4+): a modest scale for a book page, where the article
/// title is the largest thing and h4 is marked by its face (bold italic) alone.
pub const HEADING_SCALE: [f64; 4] = [1.4, 1.2, 1.05, 1.0];
/// An opening's title (an article's, the contributors page's): twice the body, the one
/// large thing on the page, above the h1 step so no heading competes with it.
pub const OPENING_TITLE_SCALE: f64 = 2.0;
/// An article's subtitle, in italic: a step under the title and above the h1 step, so it
/// reads as part of the title rather than as a heading.
pub const SUBTITLE_SCALE: f64 = 1.25;
/// An article's standfirst, in italic: a touch above the body, enough to announce the
/// article without competing with its title.
pub const STANDFIRST_SCALE: f64 = 1.05;
/// The kicker above an article's title, in capitals: capitals look larger than lower case
/// of the same size, so four fifths of the body matches the text's colour.
pub const KICKER_SCALE: f64 = 0.8;
/// The date and source line of an article's header, in italic: small print beside the
/// byline, as the running heads are.
pub const DATELINE_SCALE: f64 = 0.85;
/// Running heads and folios: smaller than the body so the page's furniture never competes
/// with its text.
pub const FURNITURE_SCALE: f64 = 0.85;
/// Block quotes: a step under the body, enough to set them apart with their indent and
/// without italics, yet comfortable to read at length.
pub const QUOTE_SCALE: f64 = 0.92;
/// Footnotes and reference entries (TYPOGRAPHY.md: notes in smaller type): about 8.6 pt
/// under a 10.5 pt body, the usual two points down.
pub const NOTE_SCALE: f64 = 0.82;
/// Code blocks and display math: a monospace looks larger than a serif at the same size,
/// so code is set a fifth smaller to match the text's colour.
pub const CODE_SCALE: f64 = 0.82;
/// Code spans inside a line of text: smaller than the text around them to match its
/// x-height, but less than code blocks, which stand on their own.
pub const INLINE_CODE_SCALE: f64 = 0.9;
/// Table text: a step under the body, so typical tables fit the measure without their
/// cells breaking every few words.
pub const TABLE_SCALE: f64 = 0.88;
/// Superscripts (note and reference marks): about the size of a font's own superior
/// figures, small enough not to open the line spacing.
pub const SUPERSCRIPT_SCALE: f64 = 0.62;
/// Superscript raise as a share of the text size: the mark's top reaches just over the
/// capitals.
pub const SUPERSCRIPT_RAISE: f64 = 0.36;
/// Subscript drop as a share of the text size: its baseline sits just under the text's,
/// clear of the next line's ascenders.
pub const SUBSCRIPT_DROP: f64 = 0.14;
/// Author lines of the contents, in italic: under the titles they belong to.
pub const CONTENTS_AUTHOR_SCALE: f64 = 0.9;
/// The half-title and the contents heading: large, but under the title page's title.
pub const BOOK_HEADING_SCALE: f64 = 1.6;
/// The title on the title page: the largest type in the book.
pub const TITLE_PAGE_SCALE: f64 = 2.4;
/// The subtitle on the title page, in italic: a clear step under the title.
pub const TITLE_PAGE_SUBTITLE_SCALE: f64 = 1.3;
/// The authors or editors on the title page: a little over the body, under the subtitle.
pub const TITLE_PAGE_CREATORS_SCALE: f64 = 1.2;
/// A part's title on its own page: between the book's headings and the title page's title.
pub const PART_TITLE_SCALE: f64 = 1.8;
/// The copyright page: small print, as the running heads are.
pub const IMPRINT_SCALE: f64 = 0.85;

// Leading and the line's slot.

/// Where the baseline sits in a line's slot, as a share of the slot height from its top:
/// about the ascender's share of a line, so the space left under it takes the descenders.
pub const BASELINE: f64 = 0.76;
/// Leading of display lines (headings, titles) as a multiple of their size: tighter than
/// the body's, as large type needs proportionally less space between lines.
pub const DISPLAY_LEADING: f64 = 1.2;
/// Leading of code lines as a multiple of their size: a little open, so the monospace's
/// dense lines stay apart.
pub const CODE_LEADING: f64 = 1.3;
/// The depth under the baseline a line of display type takes, as a share of its size:
/// about a descender.
pub const DESCENDER: f64 = 0.25;
/// How high a line's text is taken to rise when a formula on the line above might come
/// near it, as a share of the type size: the x-height. Ascenders are few and thin; a
/// formula's script that comes down between them is what TeX allows too, and on the
/// baseline grid the alternative is a blank line in the paragraph.
pub const MATH_TEXT_HEIGHT: f64 = 0.55;
/// How low a line's text is taken to hang when a formula on the line below might come near
/// it, as a share of the type size: a little, for the same reason.
pub const MATH_TEXT_DEPTH: f64 = 0.1;
/// Least space between a line's formulas and those of the line above, as a share of the
/// type size: TeX's `\lineskip`, 1 pt at 10 pt.
pub const MATH_LINE_GAP: f64 = 0.1;
/// Room left under a display block's last descender, as a share of its size, before its
/// height is rounded up to a quarter line.
pub const DISPLAY_DEPTH: f64 = 0.3;
/// A display block's height is a whole number of these parts of a body line, so the body
/// after it comes back to the grid within a line.
pub const DISPLAY_STEPS_PER_LINE: f64 = 4.0;

// Spacing, in body lines.

/// Space around display blocks (quotes, lists, code, math, tables, figures) and under
/// headings and contents entries: half a line sets them apart without the hole of a blank
/// line.
pub const BLOCK_SPACE_LINES: f64 = 0.5;
/// Space above a section (h1, h2) and above the reference list: a line and a half, more
/// than under it, so a heading belongs to what follows.
pub const SECTION_SPACE_LINES: f64 = 1.5;
/// Space above a subsection (h3 and below): one line, a step under a section's.
pub const SUBSECTION_SPACE_LINES: f64 = 1.0;
/// How far an opening's title (an article's, the contributors page's) is sunk from the
/// text block's top: three lines, so openings are recognised by their white space.
pub const OPENING_SINK_LINES: f64 = 3.0;
/// Space between an opening's header and its text: two lines.
pub const OPENING_SPACE_LINES: f64 = 2.0;
/// Space between the contents heading and its entries.
pub const CONTENTS_HEAD_SPACE_LINES: f64 = 1.5;
/// Space above a part's line in the contents: a whole line, to group its articles.
pub const CONTENTS_PART_SPACE_LINES: f64 = 1.0;
/// Space between contributors on the contributors page: a blank line, as between entries
/// of a list of biographies.
pub const CONTRIBUTOR_SPACE_LINES: f64 = 1.0;
/// Space between the lines of the copyright page: each item stands apart.
pub const IMPRINT_SPACE_LINES: f64 = 0.5;
/// A thematic break's slot: two lines, the ornament in the middle.
pub const ORNAMENT_LINES: f64 = 2.0;
/// The ornament's baseline in its slot: a quarter line under the slot's middle, which
/// puts the ornament's own middle (over its baseline) at the middle.
pub const ORNAMENT_BASELINE_LINES: f64 = 1.25;
/// The running head's baseline above the text block: a line and a half, clear of the
/// first line's ascenders.
pub const HEAD_RAISE_LINES: f64 = 1.5;
/// The folio's baseline under the text block: two lines, clear of the last line's
/// descenders and of a spread set a line long.
pub const FOLIO_DROP_LINES: f64 = 2.0;
/// Least room a figure leaves between its image and its caption, in lines, before its
/// slot is rounded up to whole lines.
pub const CAPTION_GAP_LINES: f64 = 0.25;

// Spacing, in body ems.

/// First-line indent of a paragraph that follows a paragraph (TYPOGRAPHY.md: ~1 em).
pub const PARA_INDENT_EM: f64 = 1.0;
/// Block quote indent on both sides: more than a paragraph indent, so a quote's first
/// line never reads as a new paragraph.
pub const QUOTE_INDENT_EM: f64 = 1.5;
/// Hanging indent of list items: room for a two-digit number and its full stop.
pub const LIST_INDENT_EM: f64 = 1.6;
/// Narrowest measure quotes and lists nested in each other may leave, as a share of the
/// text width: below about 60% a justified line holds too few words to space evenly (some
/// 35 characters on a usual measure), so deeper levels keep the indentation they reached.
/// With 10.5 pt type on a 5 × 8 in page (a 261 pt measure) that is three quotes or six lists
/// within each other.
pub const MIN_NESTED_MEASURE_SHARE: f64 = 0.6;
/// Quote levels whose type is set smaller than the text around them: a quote within a quote
/// is set smaller once more so it reads as inner, deeper ones keep that size (shrinking at
/// every level, type at 20 levels would be a fifth of its size).
pub const QUOTE_SHRINK_LEVELS: u32 = 2;
/// Gap between a hung bullet, number or reference mark and its text.
pub const MARK_GAP_EM: f64 = 0.4;
/// Hanging indent of reference entries: room for a bracketed number up to `[99]` at note
/// size, and a gap.
pub const REFERENCE_HANG_EM: f64 = 2.4;
/// Indent of code blocks: one em, so code stands apart from the text's edge.
pub const CODE_INDENT_EM: f64 = 1.0;
/// Padding inside a table cell on each side: enough to keep neighbouring columns apart
/// without rules between them.
pub const CELL_PAD_EM: f64 = 0.4;
/// Dot leader pitch in the contents (dots align from entry to entry): half an em, dense
/// enough to lead the eye, open enough to stay light.
pub const LEADER_PITCH_EM: f64 = 0.5;
/// Least gap between a contents title and its page number: two ems, room for leaders.
pub const CONTENTS_NUMBER_GAP_EM: f64 = 2.0;
/// Indent of the author line under a contents title.
pub const CONTENTS_AUTHOR_INDENT_EM: f64 = 1.0;
/// What the author line under a contents title gives up of the measure: its indent and
/// room for the page numbers.
pub const CONTENTS_AUTHOR_INSET_EM: f64 = 3.0;
/// A word space for a face that has no space glyph: a quarter em, a normal word space.
pub const FALLBACK_SPACE_EM: f64 = 0.25;

// The page.

/// Least text block height, in body lines, whatever the margins: room for a heading and
/// a few lines, so a mistaken margin still gives a page.
pub const MIN_BLOCK_LINES: f64 = 4.0;
/// Least measure, in body ems, whatever the margins: about twenty characters, the least a
/// justified line can be set in.
pub const MIN_MEASURE_EM: f64 = 10.0;

// Front matter, as shares of the text block's height.

/// The half-title and part titles stand at a third of the text block's height (above the
/// middle, where the eye puts the optical centre): the block is divided by this.
pub const OPENING_DROP_DIVISOR: f64 = 3.0;
/// The title on the title page stands a little under a fifth of the way down.
pub const TITLE_PAGE_TOP: f64 = 0.18;
/// The authors or editors on the title page stand a little under the middle, at least.
pub const TITLE_PAGE_CREATORS: f64 = 0.45;

// Marks and rules, as shares of the type size unless said otherwise.

/// A strike-through rule's height over the baseline: about half the x-height.
pub const STRIKE_HEIGHT: f64 = 0.28;
/// A strike-through rule's thickness: about a stroke of the text face.
pub const STRIKE_THICKNESS: f64 = 0.05;
/// A link area's top above the baseline: the ascenders' height.
pub const LINK_TOP: f64 = 0.8;
/// A link area's height: from the ascenders to under the descenders, nearly a line.
pub const LINK_HEIGHT: f64 = 1.05;
/// How far above a line's baseline its anchors sit, in points: a link to the line shows
/// the line itself, not the one under it.
pub const ANCHOR_RISE: f64 = 12.0;
/// Thickness of table rules and the footnote rule, in points: a hairline that prints.
pub const RULE: f64 = 0.5;
/// A table's top and bottom rules as a multiple of [`RULE`]: heavier than the rule under
/// its head, as book tables frame themselves.
pub const FRAME_RULE: f64 = 1.6;
/// The slot a table's top or bottom rule takes, in [`RULE`]s: the rule and a little air on
/// the rows' side of it.
pub const FRAME_RULE_SLOT: f64 = 2.0;
/// How far down its slot the bottom rule sits, in [`RULE`]s: at the slot's foot, so its
/// air is above it, between it and the last row (the top rule sits at its slot's head).
pub const FRAME_RULE_GAP: f64 = 0.4;
/// Where the rule above the footnotes sits in the line of space that opens the foot, as a
/// share of it from its top: just above the middle, so the rule keeps clear of the first
/// note's ascenders as much as of the last body line's descenders.
pub const NOTE_RULE_DROP_LINES: f64 = 0.45;

// Figures.

/// Largest share of the text block's height an image may take (room for its caption).
pub const IMAGE_MAX_HEIGHT: f64 = 0.7;
/// Least share of the measure an image takes, so a small image is not a postage stamp.
pub const IMAGE_MIN_WIDTH: f64 = 0.5;
/// Resolution assumed for images that do not fit the measure at it: print resolution.
pub const IMAGE_DPI: f64 = 300.0;
/// Points per inch, to size an image from its pixels at [`IMAGE_DPI`].
pub const POINTS_PER_INCH: f64 = 72.0;
