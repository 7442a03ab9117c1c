/** `s` with every invisible or direction-changing character written as its `\uXXXX` escape. */
export declare function visibleText(s: string): string;
/** Multi-line text (a program, a contract's source, a trace): each line made visible, its breaks kept. */
export declare const visibleLines: (text: string) => string;
export declare const ADDRESS: RegExp;
/** An address as a person should read it, its EIP-55 checksummed spelling; any other text made visible. */
export declare function shownAddress(text: string): string;
/** 1234567 → "1,234,567" (a whole number as decimal text, a bigint or a number), without a locale. */
export declare function grouped(n: bigint | number | string): string;
/** Unix seconds as "YYYY-MM-DD hh:mm" UTC; past what a Date can hold (year 275760), the raw seconds. */
export declare const utcMinute: (t: number) => string;
