/** A branch as a URL path (its slashes kept: raw.githubusercontent.com and github.com read them so). */
export declare const branchPath: (branch: string) => string;
/** GitHub answers 414 to a longer URL: the file is then pasted, and only its name is in the URL. */
export declare const MAX_URL = 8000;
/**
 * GitHub's create-file page with the file filled in: for someone without write access GitHub forks the
 * repository and opens the pull request itself. `pasted`: the file is too long for the URL.
 */
export declare function createFileUrl(repo: string, branch: string, name: string, text: string): {
    url: string;
    pasted: boolean;
};
/** The pull-request page for a signed file (SignedFile of compose.ts) on `repo` (OWNER/NAME). */
export declare function pullRequestUrl(repo: string, file: {
    path: string;
    text: string;
}, branch?: string): {
    url: string;
    pasted: boolean;
};
/** Why GitHub's API gave no answer, in a few words. */
export declare class GitHubError extends Error {
}
/**
 * GET `path` of GitHub's API for repositories, without a token (60 requests an hour per address): the
 * answer, or null for a 404; a GitHubError otherwise.
 */
export declare function gitHubApi<T>(path: string, fetchFn?: typeof fetch): Promise<T | null>;
/** A pull request as GitHub's API gives it: what of it the page and the library read. */
export interface Pull {
    number: number;
    title: string;
    html_url: string;
    state: string;
    merged_at: string | null;
    head: {
        ref: string;
        sha: string;
    };
}
/** The open pull requests of `repo` (the pending transactions of a chain on GitHub), newest first. */
export declare function pendingPullRequests(repo: string, fetchFn?: typeof fetch): Promise<{
    number: number;
    title: string;
    url: string;
    branch: string;
}[]>;
/** An open pull request as pendingPullRequests lists it. */
export type PullRequest = Awaited<ReturnType<typeof pendingPullRequests>>[number];
