/** Owner and model names: letters, digits, and `.`, `_`, `-` after the first character. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
