package io.smgov.source;

/**
 * What counts as blank, declared once: null, empty, or only whitespace of any kind (spaces, tabs,
 * CR, LF, vertical tab, form feed, no-break and other Unicode spaces, line and paragraph
 * separators, zero-width spaces and the byte order mark). The export stores text as AWS gave it
 * and, beside each text the rules read, whether it is blank, so both query engines agree to the
 * character.
 */
public final class Text {
  private Text() {}

  public static boolean isBlank(String text) {
    if (text == null) {
      return true;
    }
    return text.codePoints().allMatch(Text::isSpace);
  }

  /**
   * How much text there is: the code points that are not whitespace of any kind (so "LGTM" and "
   * LGTM\n" both count 4). A policy's min_approval_note_chars compares against it.
   */
  public static int contentLength(String text) {
    return text == null ? 0 : (int) text.codePoints().filter(c -> !isSpace(c)).count();
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
