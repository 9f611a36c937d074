/** Sharing skills through git: install from a skills repository with provenance, update by three-way merge, publish as a branch, validate. */
package dev.ctx.skills;
