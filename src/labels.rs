//! The few words Folio itself puts into a book ("Contents", "Notes", "Originally published
//! by"), in the languages it knows, and dates written out for readers. Unknown languages get
//! English.

/// The words for one language.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    /// Heading of the contents page and the nav.
    pub contents: &'static str,
    /// Heading of the list of figures (print front matter, EPUB navigation).
    pub list_of_figures: &'static str,
    /// Heading of the list of tables.
    pub list_of_tables: &'static str,
    /// Heading of the contributors page.
    pub contributors: &'static str,
    /// Heading of an article's notes.
    pub notes: &'static str,
    /// Heading of an article's reference list.
    pub references: &'static str,
    /// Heading of the reference list of an article that also has a bibliography, so the two
    /// lists cannot be taken for each other.
    pub links: &'static str,
    /// Heading of a bibliography in a notes style (Chicago notes and bibliography).
    pub bibliography: &'static str,
    /// Heading of a bibliography in an in-text style (author-date, numeric).
    pub works_cited: &'static str,
    /// Before the editors' names on the title page. Names are not declined, so Russian,
    /// Ukrainian and Belarusian say "Editors:" rather than "edited by" (which would need
    /// the names in the genitive).
    pub edited_by: &'static str,
    /// Before the book's title in an offprint's citation line ("From *Crosscurrents*").
    pub offprint_from: &'static str,
    /// Before a range of pages in a citation ("pp. 29–34").
    pub pages: &'static str,
    /// Before a single page in a citation ("p. 29").
    pub page: &'static str,
    /// Before the source's name in an article header.
    pub originally_published: &'static str,
    /// The word joining the last two names of a list.
    pub and: &'static str,
    /// Landmark title of the cover.
    pub cover: &'static str,
    /// Landmark title of the title page.
    pub title_page: &'static str,
    /// Landmark title of the first page of the text.
    pub start: &'static str,
    /// Heading of the landmarks nav.
    pub guide: &'static str,
    /// Heading of the EPUB's list of print pages.
    pub print_pages: &'static str,
    /// Spoken for a ticked task-list box.
    pub task_done: &'static str,
    /// Spoken for an empty task-list box.
    pub task_open: &'static str,
    /// Title of the copyright page (the ebook's page of publication details).
    pub copyright: &'static str,
    /// Copyright page label before the ebook's identifier.
    pub ebook_id: &'static str,
    /// Copyright page label before the print ISBN.
    pub print_isbn: &'static str,
    /// Copyright page label before the book's identifier in print.
    pub identifier: &'static str,
    /// Copyright page label before the date.
    pub published: &'static str,
    /// Before the list of a contributor's articles.
    pub articles_by: &'static str,
    /// The series label on the title page ("Series name, volume 3").
    pub volume: &'static str,
    /// Spoken before a table's column headings, naming the scrollable region that holds it.
    pub table: &'static str,
    /// Before a figure's number ("Figure 2") in its caption and in references to it.
    pub figure: &'static str,
    /// Before a section's number in references to it ("Section 3").
    pub section: &'static str,
    /// Before a figure's source or credit line ("Source: Met Office").
    pub source: &'static str,
    /// Month names as used after a day number ("14 March").
    months: [&'static str; 12],
    /// Whether the day is followed by a full stop ("14. März").
    day_dot: bool,
}

const EN: Labels = Labels {
    contents: "Contents",
    list_of_figures: "List of Figures",
    list_of_tables: "List of Tables",
    contributors: "Contributors",
    notes: "Notes",
    references: "References",
    links: "Links",
    bibliography: "Bibliography",
    works_cited: "References",
    edited_by: "Edited by",
    offprint_from: "From",
    pages: "pp.",
    page: "p.",
    originally_published: "Originally published by",
    and: "and",
    cover: "Cover",
    title_page: "Title page",
    start: "Start of text",
    guide: "Guide",
    print_pages: "Print pages",
    task_done: "done",
    task_open: "to do",
    copyright: "Copyright",
    ebook_id: "Ebook identifier",
    print_isbn: "Print edition ISBN",
    identifier: "Identifier",
    published: "Published",
    articles_by: "In this book",
    volume: "volume",
    table: "Table",
    figure: "Figure",
    section: "Section",
    source: "Source",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    day_dot: false,
};

const RU: Labels = Labels {
    contents: "Содержание",
    list_of_figures: "Список иллюстраций",
    list_of_tables: "Список таблиц",
    contributors: "Авторы",
    notes: "Примечания",
    references: "Ссылки",
    links: "Ссылки",
    bibliography: "Библиография",
    works_cited: "Список литературы",
    edited_by: "Редакторы:",
    offprint_from: "Из сборника",
    pages: "с.",
    page: "с.",
    originally_published: "Впервые опубликовано:",
    and: "и",
    cover: "Обложка",
    title_page: "Титульный лист",
    start: "Начало текста",
    guide: "Ориентиры",
    print_pages: "Страницы печатного издания",
    task_done: "сделано",
    task_open: "не сделано",
    copyright: "Выходные данные",
    ebook_id: "Идентификатор электронной книги",
    print_isbn: "ISBN печатного издания",
    identifier: "Идентификатор",
    published: "Дата издания",
    articles_by: "В этой книге",
    volume: "выпуск",
    table: "Таблица",
    figure: "Рисунок",
    section: "Раздел",
    source: "Источник",
    months: [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    day_dot: false,
};

const DE: Labels = Labels {
    contents: "Inhalt",
    list_of_figures: "Abbildungsverzeichnis",
    list_of_tables: "Tabellenverzeichnis",
    contributors: "Beiträgerinnen und Beiträger",
    notes: "Anmerkungen",
    references: "Verweise",
    links: "Links",
    bibliography: "Bibliographie",
    works_cited: "Literaturverzeichnis",
    edited_by: "Herausgegeben von",
    offprint_from: "Aus",
    pages: "S.",
    page: "S.",
    originally_published: "Zuerst erschienen bei",
    and: "und",
    cover: "Umschlag",
    title_page: "Titelseite",
    start: "Textbeginn",
    guide: "Orientierung",
    print_pages: "Seiten der Druckausgabe",
    task_done: "erledigt",
    task_open: "offen",
    copyright: "Impressum",
    ebook_id: "E-Book-Kennung",
    print_isbn: "ISBN der Druckausgabe",
    identifier: "Kennung",
    published: "Erschienen",
    articles_by: "In diesem Buch",
    volume: "Band",
    table: "Tabelle",
    figure: "Abbildung",
    section: "Abschnitt",
    source: "Quelle",
    months: [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    day_dot: true,
};

const FR: Labels = Labels {
    contents: "Table des matières",
    list_of_figures: "Table des figures",
    list_of_tables: "Liste des tableaux",
    contributors: "Contributeurs",
    notes: "Notes",
    references: "Références",
    links: "Liens",
    bibliography: "Bibliographie",
    works_cited: "Références bibliographiques",
    edited_by: "Sous la direction de",
    offprint_from: "Extrait de",
    pages: "p.",
    page: "p.",
    originally_published: "Publié d’abord par",
    and: "et",
    cover: "Couverture",
    title_page: "Page de titre",
    start: "Début du texte",
    guide: "Repères",
    print_pages: "Pages de l’édition imprimée",
    task_done: "fait",
    task_open: "à faire",
    copyright: "Mentions légales",
    ebook_id: "Identifiant du livre numérique",
    print_isbn: "ISBN de l’édition imprimée",
    identifier: "Identifiant",
    published: "Publication",
    articles_by: "Dans ce livre",
    volume: "volume",
    table: "Tableau",
    figure: "Figure",
    section: "Section",
    source: "Source",
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    day_dot: false,
};

const UK: Labels = Labels {
    contents: "Зміст",
    list_of_figures: "Перелік ілюстрацій",
    list_of_tables: "Перелік таблиць",
    contributors: "Автори",
    notes: "Примітки",
    references: "Посилання",
    links: "Посилання",
    bibliography: "Бібліографія",
    works_cited: "Список літератури",
    edited_by: "Редактори:",
    offprint_from: "Зі збірника",
    pages: "с.",
    page: "с.",
    originally_published: "Уперше опубліковано:",
    and: "і",
    cover: "Обкладинка",
    title_page: "Титульна сторінка",
    start: "Початок тексту",
    guide: "Орієнтири",
    print_pages: "Сторінки друкованого видання",
    task_done: "зроблено",
    task_open: "не зроблено",
    copyright: "Вихідні дані",
    ebook_id: "Ідентифікатор електронної книги",
    print_isbn: "ISBN друкованого видання",
    identifier: "Ідентифікатор",
    published: "Дата видання",
    articles_by: "У цій книзі",
    volume: "випуск",
    table: "Таблиця",
    figure: "Рисунок",
    section: "Розділ",
    source: "Джерело",
    months: [
        "січня",
        "лютого",
        "березня",
        "квітня",
        "травня",
        "червня",
        "липня",
        "серпня",
        "вересня",
        "жовтня",
        "листопада",
        "грудня",
    ],
    day_dot: false,
};

const BE: Labels = Labels {
    contents: "Змест",
    list_of_figures: "Спіс ілюстрацый",
    list_of_tables: "Спіс табліц",
    contributors: "Аўтары",
    notes: "Заўвагі",
    references: "Спасылкі",
    links: "Спасылкі",
    bibliography: "Бібліяграфія",
    works_cited: "Спіс літаратуры",
    edited_by: "Рэдактары:",
    offprint_from: "Са зборніка",
    pages: "с.",
    page: "с.",
    originally_published: "Упершыню апублікавана:",
    and: "і",
    cover: "Вокладка",
    title_page: "Тытульны ліст",
    start: "Пачатак тэксту",
    guide: "Арыенціры",
    print_pages: "Старонкі друкаванага выдання",
    task_done: "зроблена",
    task_open: "не зроблена",
    copyright: "Выходныя звесткі",
    ebook_id: "Ідэнтыфікатар электроннай кнігі",
    print_isbn: "ISBN друкаванага выдання",
    identifier: "Ідэнтыфікатар",
    published: "Дата выдання",
    articles_by: "У гэтай кнізе",
    volume: "выпуск",
    table: "Табліца",
    figure: "Малюнак",
    section: "Раздзел",
    source: "Крыніца",
    months: [
        "студзеня",
        "лютага",
        "сакавіка",
        "красавіка",
        "мая",
        "чэрвеня",
        "ліпеня",
        "жніўня",
        "верасня",
        "кастрычніка",
        "лістапада",
        "снежня",
    ],
    day_dot: false,
};

impl Labels {
    /// The labels for BCP 47 tag `lang` (by its primary subtag), English when unknown.
    pub fn for_lang(lang: &str) -> &'static Labels {
        let primary = lang.split(['-', '_']).next().unwrap_or("").to_lowercase();
        match primary.as_str() {
            "ru" => &RU,
            "de" => &DE,
            "fr" => &FR,
            "uk" => &UK,
            "be" => &BE,
            _ => &EN,
        }
    }

    /// An ISO date `YYYY-MM-DD` written out ("14 March 2021"); other text is returned as is.
    pub fn date(&self, iso: &str) -> String {
        let parts: Vec<&str> = iso.split('-').collect();
        let (Some(y), Some(m), Some(d)) = (
            parts.first(),
            parts.get(1).and_then(|m| m.parse::<usize>().ok()),
            parts.get(2).and_then(|d| d.parse::<u32>().ok()),
        ) else {
            return iso.to_string();
        };
        match self.months.get(m.wrapping_sub(1)) {
            Some(month) if self.day_dot => format!("{d}. {month} {y}"),
            Some(month) => format!("{d} {month} {y}"),
            None => iso.to_string(),
        }
    }

    /// The heading of an article's list of links: "References", or "Links" beside a
    /// bibliography.
    pub fn link_list_title(&self, with_bibliography: bool) -> &'static str {
        if with_bibliography {
            self.links
        } else {
            self.references
        }
    }

    /// Names joined as a reader expects: "A", "A and B", "A, B and C".
    pub fn join<S: AsRef<str>>(&self, names: &[S]) -> String {
        match names {
            [] => String::new(),
            [one] => one.as_ref().to_string(),
            [rest @ .., last] => {
                let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
                format!("{} {} {}", rest.join(", "), self.and, last.as_ref())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_names_read_naturally() {
        let en = Labels::for_lang("en-GB");
        assert_eq!(en.date("2021-03-14"), "14 March 2021");
        assert_eq!(Labels::for_lang("ru").date("2021-03-14"), "14 марта 2021");
        assert_eq!(Labels::for_lang("de").date("2021-03-04"), "4. März 2021");
        let names = ["A".to_string(), "B".to_string(), "C".to_string()];
        assert_eq!(en.join(&names), "A, B and C");
        assert_eq!(en.join(&names[..1]), "A");
        assert_eq!(Labels::for_lang("de").join(&["A", "B"]), "A und B");
    }

    #[test]
    fn every_language_folio_knows_has_its_own_words() {
        let en = Labels::for_lang("en");
        for tag in ["ru", "de", "fr", "uk", "be-BY"] {
            let l = Labels::for_lang(tag);
            for (mine, english) in [
                (l.contents, en.contents),
                (l.contributors, en.contributors),
                (l.list_of_figures, en.list_of_figures),
                (l.list_of_tables, en.list_of_tables),
                (l.edited_by, en.edited_by),
                (l.references, en.references),
                (l.originally_published, en.originally_published),
                (l.print_isbn, en.print_isbn),
                (l.published, en.published),
                (l.identifier, en.identifier),
                (l.and, en.and),
                (l.copyright, en.copyright),
                (l.bibliography, en.bibliography),
                (l.works_cited, en.works_cited),
            ] {
                assert_ne!(mine, english, "{tag} uses the English {english:?}");
            }
        }
        assert_eq!(
            Labels::for_lang("uk").date("2026-11-01"),
            "1 листопада 2026"
        );
        assert_eq!(Labels::for_lang("be").date("2026-02-03"), "3 лютага 2026");
        assert_eq!(Labels::for_lang("xx").contents, "Contents");
    }
}
