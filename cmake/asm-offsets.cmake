# asm-offsets: the numbers NASM needs from C, made from C at build time.
#
# As Linux's arch/x86/kernel/asm-offsets.c (Jailhouse: asm-defines.c, Bao:
# asm_defs.c): tools/asm-offsets/asm-offsets.c is compiled to assembly with
# the flags of one target that sees every header it names; each DEFINE() in
# it leaves a marker line
#     .ascii "->ASM_OFFSET NAME VALUE"
# in that output, and this file (run again in script mode) turns the markers
# into NASM %defines in <build>/generated/asm-offsets.inc.  The assembly
# %includes that file: there is no hand-kept copy of an offset, an encoding or
# a size to drift from the C structure it describes.
#
#   liminal_asm_offsets(<source.c> <from> <target>...)
#       generates asm-offsets.inc with <from>'s include directories and
#       compile definitions, adds its directory to each <target>'s NASM
#       include path and makes every .asm of each <target> depend on it.

if(CMAKE_SCRIPT_MODE_FILE)
	# cmake -DIN=<compiled .s> -DOUT=<.inc> -P asm-offsets.cmake
	file(STRINGS ${IN} markers REGEX "->ASM_OFFSET ")
	set(text "; Generated from tools/asm-offsets/asm-offsets.c: do not edit.\n")
	foreach(line ${markers})
		if(NOT line MATCHES "->ASM_OFFSET ([A-Za-z0-9_]+) \\$?(-?[0-9]+)")
			message(FATAL_ERROR "asm-offsets: bad marker: ${line}")
		endif()
		string(APPEND text "%define ${CMAKE_MATCH_1} ${CMAKE_MATCH_2}\n")
	endforeach()
	# Rewrite only on change: every .asm depends on this file.
	file(WRITE ${OUT}.tmp "${text}")
	execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different
		${OUT}.tmp ${OUT})
	file(REMOVE ${OUT}.tmp)
	return()
endif()

function(liminal_asm_offsets source from)
	set(dir ${CMAKE_BINARY_DIR}/generated)
	set(asm ${dir}/asm-offsets.s)
	set(inc ${dir}/asm-offsets.inc)
	set(incs "$<TARGET_PROPERTY:${from},INCLUDE_DIRECTORIES>")
	set(defs "$<TARGET_PROPERTY:${from},COMPILE_DEFINITIONS>")
	add_custom_command(OUTPUT ${inc}
		COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
		COMMAND ${CMAKE_C_COMPILER} -S -std=gnu11 -O2 -ffreestanding
			-mgeneral-regs-only "$<$<BOOL:${incs}>:-I$<JOIN:${incs},;-I>>"
			"$<$<BOOL:${defs}>:-D$<JOIN:${defs},;-D>>"
			-MD -MT ${inc} -MF ${asm}.d -o ${asm} ${source}
		COMMAND ${CMAKE_COMMAND} -DIN=${asm} -DOUT=${inc}
			-P ${CMAKE_CURRENT_FUNCTION_LIST_FILE}
		DEPENDS ${source} ${CMAKE_CURRENT_FUNCTION_LIST_FILE}
		DEPFILE ${asm}.d
		COMMAND_EXPAND_LISTS VERBATIM
		COMMENT "Generating asm-offsets.inc")
	add_custom_target(liminal_asm_offsets DEPENDS ${inc})
	foreach(target IN LISTS ARGN)
		add_dependencies(${target} liminal_asm_offsets)
		target_compile_options(${target} PRIVATE
			$<$<COMPILE_LANGUAGE:ASM_NASM>:-I${dir}/>)
		get_target_property(sources ${target} SOURCES)
		list(FILTER sources INCLUDE REGEX "\\.asm$")
		set_source_files_properties(${sources} TARGET_DIRECTORY
			${target} PROPERTIES OBJECT_DEPENDS ${inc})
	endforeach()
endfunction()
