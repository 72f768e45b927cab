/**
 * Built-in model architectures with seeded random weights: AlexNet, VGG16, MobileNetV2 and ResNet18
 * in torchvision's layer layout, written as ONNX models.
 *
 * <p>No pretrained weights can be downloaded where Strata is built and tested, and placement only
 * needs the compute and tensor sizes, so these builders make the real architectures with
 * deterministic weights. Entry points: {@link dev.strata.core.models.BuiltinModels} and {@link
 * dev.strata.core.models.BuiltinModelUri}.
 */
package dev.strata.core.models;
