/** placeholder */
package bml.actors;
