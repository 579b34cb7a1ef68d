/** placeholder */
package bml.training;
