package dev.ctx.model;

/**
 * How the checked-out branch stands against a remote's copy as last fetched (no network is asked):
 * commits only here ({@code ahead}) and only there ({@code behind}). {@code fetched} is false when this
 * remote's branch has never been fetched, and then the counts mean nothing.
 */
public record Tracking(String remote, String branch, boolean fetched, int ahead, int behind) {
}
