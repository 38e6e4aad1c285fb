import { TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

/**
 * The arguments a parsed ICU message uses, by name: `count` when the message counts with it (plural,
 * selectordinal, number), else `text`. Nested plural and select branches are walked too.
 */
export function messageArguments(
  elements: readonly MessageFormatElement[],
  into = new Map<string, 'text' | 'count'>(),
): Map<string, 'text' | 'count'> {
  for (const element of elements) {
    switch (element.type) {
      case TYPE.argument:
      case TYPE.date:
      case TYPE.time:
        if (!into.has(element.value)) into.set(element.value, 'text');
        break;
      case TYPE.number:
        into.set(element.value, 'count');
        break;
      case TYPE.plural:
        into.set(element.value, 'count');
        for (const option of Object.values(element.options)) messageArguments(option.value, into);
        break;
      case TYPE.select:
        if (!into.has(element.value)) into.set(element.value, 'text');
        for (const option of Object.values(element.options)) messageArguments(option.value, into);
        break;
      case TYPE.tag:
        messageArguments(element.children, into);
        break;
      default:
        break;
    }
  }
  return into;
}
