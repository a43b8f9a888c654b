"""Real Word footnotes for python-docx, which has no footnote API (python-docx issue #1).

We add the ``/word/footnotes.xml`` part ourselves, with the separator (-1) and
continuation separator (0) notes Word expects, relate it to the document with
``RT.FOOTNOTES``, and put a ``<w:footnoteReference>`` run in the text.  Word
and LibreOffice then number the notes and place them at the foot of the page.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SEPARATORS = (
    f'<w:footnotes xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


#: What follows ``w:footnotePr`` in CT_Settings (ECMA-376 Part 1, 17.15.1.78), in order.
_SETTINGS_AFTER_FOOTNOTEPR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
    "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)


class Footnotes:
    """The footnotes part of one document; ``add`` places a note at the end of a paragraph."""

    def __init__(self, document: DocxDocument, text_style_id: str, reference_style_id: str) -> None:
        package = document.part.package
        self.part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_SEPARATORS), package)
        document.part.relate_to(self.part, RT.FOOTNOTES)
        self.text_style = text_style_id
        self.reference_style = reference_style_id
        self.count = 0
        self._declare_in_settings(document)

    @staticmethod
    def _declare_in_settings(document: DocxDocument) -> None:
        """Word lists the separator notes in settings.xml (``w:footnotePr``)."""
        settings = document.settings.element
        if settings.find(qn("w:footnotePr")) is None:
            pr = parse_xml(f'<w:footnotePr xmlns:w="{W_NS}"><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
            settings.insert_element_before(pr, *_SETTINGS_AFTER_FOOTNOTEPR)  # schema order matters to Word

    def add(self, paragraph: Paragraph, text: str) -> Run:
        """Append a footnote reference to ``paragraph`` and the note itself to the part."""
        self.count += 1
        note_id = self.count
        self.part.element.append(parse_xml(
            f'<w:footnote xmlns:w="{W_NS}" w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="{self.text_style}"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{self.reference_style}"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'))
        run = paragraph.add_run()
        run._r.append(parse_xml(f'<w:rPr xmlns:w="{W_NS}"><w:rStyle w:val="{self.reference_style}"/></w:rPr>'))
        run._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{W_NS}" w:id="{note_id}"/>'))
        return run
