/** placeholder */
package bml.probing;
