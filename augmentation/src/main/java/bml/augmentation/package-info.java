/** placeholder */
package bml.augmentation;
