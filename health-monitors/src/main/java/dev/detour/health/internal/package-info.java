/** Implementation details of the health-monitors module; not API. */
package dev.detour.health.internal;
