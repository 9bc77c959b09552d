package io.smgov.source;

/**
 * What counts as blank, declared once: null, empty, or only whitespace of any kind (spaces, tabs,
 * CR, LF, vertical tab, form feed, no-break and other Unicode spaces, line and paragraph separators,
 * zero-width spaces and the byte order mark). The export stores text as AWS gave it and, beside
 * each text the rules read, whether it is blank, so both query engines agree to the character.
 */
public final class Text {
  private Text() {}

  public static boolean isBlank(String text) {
    if (text == null) {
      return true;
    }
    return text.codePoints().allMatch(Text::isSpace);
  }

  static boolean isSpace(int codePoint) {
    return Character.isWhitespace(codePoint)
        || Character.isSpaceChar(codePoint)
        || codePoint == 0x200B // zero width space
        || codePoint == 0x2060 // word joiner
        || codePoint == 0xFEFF // zero width no-break space (BOM)
        || codePoint == 0x180E; // Mongolian vowel separator (whitespace before Unicode 6.3)
  }
}
