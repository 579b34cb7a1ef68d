/** placeholder */
package bml.config;
