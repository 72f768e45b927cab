/**
 * The {@code InferencePipeline} custom resource, group {@code strata.dev}, version {@code
 * v1alpha1}: spec and typed status. crds/ holds the CRD YAML generated from these classes.
 */
package dev.strata.api.v1alpha1;
